namespace PruneTheory.Theory.Relu2D;

/// <summary>
/// P1, the exact arc verifier: sup over the circle (ball) or the cube of |f − g_S| for any subset S,
/// in model A or B. All 2N+2 kinks (plus the cube's corner directions) are sorted once, O(N log N);
/// each query sweeps them, keeping e = A cos θ + B sin θ on the current arc by prefix sums, and takes
/// the exact arc maximum (model B also splits arcs where the pre-activation changes sign): O(N) per S.
/// Never uses a grid.
/// </summary>
public sealed class ArcVerifier
{
    private const double TwoPi = 2 * Math.PI;
    private readonly double[] _angle;   // sorted event angles in [0, 2π)
    private readonly int[] _unit;       // unit index, N = target, −1 = neutral (cube split)
    private readonly bool[] _enter;
    private readonly double[] _cx, _cy; // c_k (cos ψ_k, sin ψ_k); index N = target r(cos φ*, sin φ*)
    private readonly bool[] _activeAtZero;
    public CircleProblem Problem { get; }
    public Arch Arch { get; }
    public Domain Domain { get; }

    public ArcVerifier(CircleProblem problem, Arch arch = Arch.A, Domain domain = Domain.Ball)
    {
        Problem = problem; Arch = arch; Domain = domain;
        int n = problem.N;
        _cx = new double[n + 1]; _cy = new double[n + 1]; _activeAtZero = new bool[n + 1];
        var events = new List<(double Angle, int Unit, bool Enter)>(2 * n + 6);
        for (int k = 0; k <= n; k++)
        {
            double amp = k < n ? problem.C[k] : problem.TargetR, dir = k < n ? problem.Psi[k] : problem.TargetPhi;
            _cx[k] = amp * Math.Cos(dir); _cy[k] = amp * Math.Sin(dir);
            double enter = Wrap(dir - Math.PI / 2), leave = Wrap(dir + Math.PI / 2);
            _activeAtZero[k] = leave < enter; // the active half-circle (enter, leave) contains θ = 0
            events.Add((enter, k, true)); events.Add((leave, k, false));
        }
        if (domain == Domain.Cube)
            for (int q = 0; q < 4; q++) events.Add((Math.PI / 4 + q * Math.PI / 2, -1, false));
        events.Sort((x, y) => x.Angle.CompareTo(y.Angle));
        _angle = events.Select(e => e.Angle).ToArray();
        _unit = events.Select(e => e.Unit).ToArray();
        _enter = events.Select(e => e.Enter).ToArray();
    }

    private static double Wrap(double t) { t %= TwoPi; if (t < 0) t += TwoPi; return t >= TwoPi ? 0 : t; }

    /// <summary>Exact sup of |f − g_S| (domain-weighted) and its argmax θ. O(N).</summary>
    public ArcMax Evaluate(ReadOnlySpan<bool> subset)
    {
        int n = Problem.N;
        if (subset.Length < n) throw new ArgumentException($"subset has {subset.Length} flags, problem has {n} units");
        double fx = 0, fy = 0, gx = 0, gy = 0; // active target part F, active network part G
        if (_activeAtZero[n]) { fx = _cx[n]; fy = _cy[n]; }
        for (int k = 0; k < n; k++)
            if (subset[k] && _activeAtZero[k]) { gx += _cx[k]; gy += _cy[k]; }
        var best = new ArcMax(-1, 0);
        double lo = 0;
        for (int i = 0; i <= _angle.Length; i++)
        {
            double hi = i < _angle.Length ? _angle[i] : TwoPi;
            if (hi > lo) best = ArcMax.Larger(best, ArcMaxOn(fx, fy, gx, gy, lo, hi));
            if (i == _angle.Length) break;
            int u = _unit[i];
            if (u == n) { double s = _enter[i] ? 1 : -1; fx += s * _cx[n]; fy += s * _cy[n]; }
            else if (u >= 0 && subset[u]) { double s = _enter[i] ? 1 : -1; gx += s * _cx[u]; gy += s * _cy[u]; }
            lo = hi;
        }
        return best;
    }

    /// <summary>Convenience overload for an index set.</summary>
    public ArcMax Evaluate(IEnumerable<int> units)
    {
        var mask = new bool[Problem.N];
        foreach (int k in units) mask[k] = true;
        return Evaluate(mask);
    }

    private ArcMax ArcMaxOn(double fx, double fy, double gx, double gy, double lo, double hi)
    {
        if (Arch == Arch.A) return SinusoidArc.Max(fx - gx, fy - gy, lo, hi, Domain);
        if (gx == 0 && gy == 0) return SinusoidArc.Max(fx, fy, lo, hi, Domain);
        // Model B: e = F − σ(G); split the arc where G changes sign (θ ≡ atan2(gy,gx) + π/2 mod π).
        var best = new ArcMax(-1, 0);
        double zero = SinusoidArc.NextModPi(Math.Atan2(gy, gx) + Math.PI / 2, lo), a = lo;
        while (a < hi)
        {
            double b = Math.Min(hi, zero > a ? zero : zero + Math.PI);
            double mid = 0.5 * (a + b);
            bool on = gx * Math.Cos(mid) + gy * Math.Sin(mid) > 0;
            best = ArcMax.Larger(best, on ? SinusoidArc.Max(fx - gx, fy - gy, a, b, Domain) : SinusoidArc.Max(fx, fy, a, b, Domain));
            if (b >= hi) break;
            a = b; zero = b + Math.PI;
        }
        return best;
    }
}
