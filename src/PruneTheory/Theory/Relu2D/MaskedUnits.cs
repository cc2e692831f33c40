namespace PruneTheory.Theory.Relu2D;

/// <summary>
/// Weight pruning in model A, d = 2, as unit selection (spec W0): each hidden unit may be kept whole
/// (c = α‖w‖, ψ = arg w), masked to x₁ (α σ(w₁x₁): c = α|w₁|, ψ = 0 or π), masked to x₂ (c = α|w₂|, ψ = ±π/2),
/// or dropped; at most one option per unit (group k). The 3N options form an ordinary circle problem, so P1–P3
/// apply unchanged. O(N).
/// </summary>
public static class MaskedUnits
{
    public static (CircleProblem Problem, int[] Groups) Options(NestedNetwork net, int n, double phiStar)
    {
        if (net.Dims < 2 || n > net.N) throw new ArgumentException($"need a 2-D network with at least {n} units");
        var c = new double[3 * n]; var psi = new double[3 * n]; var groups = new int[3 * n];
        for (int k = 0; k < n; k++)
        {
            double w1 = net.W[k][0], w2 = net.W[k][1], a = net.Alpha[k];
            (c[3 * k], psi[3 * k]) = (a * Math.Sqrt(w1 * w1 + w2 * w2), Math.Atan2(w2, w1));
            (c[3 * k + 1], psi[3 * k + 1]) = (a * Math.Abs(w1), w1 >= 0 ? 0 : Math.PI);
            (c[3 * k + 2], psi[3 * k + 2]) = (a * Math.Abs(w2), w2 >= 0 ? Math.PI / 2 : -Math.PI / 2);
            groups[3 * k] = groups[3 * k + 1] = groups[3 * k + 2] = k;
        }
        return (new CircleProblem(1, phiStar, c, psi), groups);
    }
}
