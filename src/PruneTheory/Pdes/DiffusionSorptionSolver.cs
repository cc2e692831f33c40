using static PruneTheory.Pdes.DiffusionSorptionConstants;

namespace PruneTheory.Pdes;

/// <summary>
/// Cell-centred finite-volume solver of PDEBench's diffusion–sorption equation (spec §10, code form):
/// du_i/dt = F_i(u) = D/R(u_i)·(u_{i−1} − 2u_i + u_{i+1})/dx², left ghost u_{−1} = 1, right ghost
/// u_N = D(u_{N−2} − u_{N−1})/dx. BDF2 with a backward-Euler first step and fixed step h; each step is a
/// Newton iteration with a tridiagonal (Thomas) solve. Cost O(cells × steps × Newton iterations).
/// </summary>
public sealed class DiffusionSorptionSolver
{
    private readonly DiffusionSorptionSettings _s;
    private readonly int _n;
    private readonly double _dx, _dOverDx2, _dOverDx;
    private readonly double[] _lower, _diag, _upper, _rhs, _scratch, _base;

    public DiffusionSorptionSolver(DiffusionSorptionSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        _s = settings;
        _n = settings.Cells;
        _dx = 1.0 / _n;
        _dOverDx2 = Diffusivity / (_dx * _dx);
        _dOverDx = Diffusivity / _dx;
        _lower = new double[_n]; _diag = new double[_n]; _upper = new double[_n];
        _rhs = new double[_n]; _scratch = new double[_n]; _base = new double[_n];
    }

    /// <summary>Total Newton iterations of the last <see cref="Solve"/> (for diagnostics).</summary>
    public long NewtonIterations { get; private set; }

    /// <summary>
    /// Solves from the constant initial value <paramref name="c"/>; returns Snapshots × Cells values (row k = time k·SnapshotSeconds).
    /// <paramref name="observer"/>, if given, sees (t, u) after every step and at t = 0.
    /// </summary>
    public double[] Solve(double c, Action<double, ReadOnlySpan<double>>? observer = null)
    {
        if (!double.IsFinite(c)) throw new ArgumentException($"initial value must be finite, got {c}");
        int n = _n, every = _s.StepsPerSnapshot;
        var result = new double[_s.Snapshots * n];
        var u = new double[n]; var uPrev = new double[n];
        Array.Fill(u, c);
        u.CopyTo(result, 0);
        observer?.Invoke(0, u);
        NewtonIterations = 0;
        double h = _s.StepSeconds;
        int totalSteps = (_s.Snapshots - 1) * every;
        for (int step = 1; step <= totalSteps; step++)
        {
            double gammaH;
            if (step == 1)
            {
                u.CopyTo(_base, 0);   // backward Euler: u⁺ − u − hF(u⁺) = 0
                gammaH = h;
                u.CopyTo(uPrev, 0);
            }
            else
            {
                for (int i = 0; i < n; i++) { _base[i] = (4 * u[i] - uPrev[i]) / 3; uPrev[i] = u[i]; }
                gammaH = 2 * h / 3;   // BDF2: u⁺ − (4u − u⁻)/3 − (2h/3)F(u⁺) = 0
            }
            Newton(u, gammaH);
            observer?.Invoke(step * h, u);
            if (step % every == 0) u.CopyTo(result, step / every * n);
        }
        return result;
    }

    /// <summary>Solves u − base − γh·F(u) = 0 in place, starting from the current u.</summary>
    private void Newton(double[] u, double gammaH)
    {
        int n = _n;
        for (int it = 0; it < _s.MaxNewtonIterations; it++)
        {
            NewtonIterations++;
            AssembleJacobianAndResidual(u, gammaH);
            TridiagonalSolver.Solve(_lower, _diag, _upper, _rhs, _scratch);
            double maxStep = 0;
            for (int i = 0; i < n; i++) { u[i] += _rhs[i]; maxStep = Math.Max(maxStep, Math.Abs(_rhs[i])); }
            if (!double.IsFinite(maxStep)) break;
            if (maxStep < _s.NewtonTolerance) return;
        }
        throw new InvalidOperationException($"Newton did not converge within {_s.MaxNewtonIterations} iterations");
    }

    /// <summary>Fills the tridiagonal I − γh·∂F/∂u and the right-hand side −(u − base − γh F(u)).</summary>
    private void AssembleJacobianAndResidual(double[] u, double gammaH)
    {
        int n = _n;
        double ghostRight = _dOverDx * (u[n - 2] - u[n - 1]);
        double ghostSlope = _dOverDx * _dOverDx2;   // D²/dx³ before dividing by R
        for (int i = 0; i < n; i++)
        {
            double left = i == 0 ? LeftValue : u[i - 1];
            double right = i == n - 1 ? ghostRight : u[i + 1];
            double lap = left - 2 * u[i] + right;   // × 1/dx² folded into _dOverDx2
            RetardationAndSlope(u[i], out double r, out double rSlope);
            double invR = 1 / r;
            double f = _dOverDx2 * lap * invR;
            double off = _dOverDx2 * invR;
            double dDiag = -2 * off - f * rSlope * invR;
            double dLower = i == 0 ? 0 : off;
            double dUpper = i == n - 1 ? 0 : off;
            if (i == n - 1)
            {
                dLower += ghostSlope * invR;
                dDiag -= ghostSlope * invR;
            }
            _lower[i] = -gammaH * dLower;
            _upper[i] = -gammaH * dUpper;
            _diag[i] = 1 - gammaH * dDiag;
            _rhs[i] = -(u[i] - _base[i] - gammaH * f);
        }
    }

    /// <summary>Semi-discrete right-hand side F(u) (for tests and diagnostics). O(cells).</summary>
    public static void RightHandSide(ReadOnlySpan<double> u, Span<double> f)
    {
        int n = u.Length;
        double dx = 1.0 / n, dOverDx2 = Diffusivity / (dx * dx);
        double ghostRight = Diffusivity / dx * (u[n - 2] - u[n - 1]);
        for (int i = 0; i < n; i++)
        {
            double left = i == 0 ? LeftValue : u[i - 1];
            double right = i == n - 1 ? ghostRight : u[i + 1];
            f[i] = dOverDx2 * (left - 2 * u[i] + right) / Retardation(u[i]);
        }
    }

    /// <summary>
    /// Net boundary inflow D/dx·[(u_{−1} − u_0) − (u_{N−1} − u_N)] of the discrete total concentration:
    /// Σ_i dx·R(u_i)F_i(u) equals it exactly (telescoping sum).
    /// </summary>
    public static double BoundaryInflow(ReadOnlySpan<double> u)
    {
        int n = u.Length;
        double dOverDx = Diffusivity * n;
        double ghostRight = dOverDx * (u[n - 2] - u[n - 1]);
        return dOverDx * ((LeftValue - u[0]) - (u[n - 1] - ghostRight));
    }

    /// <summary>Discrete total (dissolved + sorbed) mass Σ_i dx·Φ(u_i). O(cells).</summary>
    public static double TotalMass(ReadOnlySpan<double> u)
    {
        double s = 0;
        foreach (double v in u) s += TotalConcentration(v);
        return s / u.Length;
    }
}
