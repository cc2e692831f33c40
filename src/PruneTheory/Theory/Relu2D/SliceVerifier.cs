namespace PruneTheory.Theory.Relu2D;

/// <summary>
/// Exact error restricted to the ⌊d/2⌋ coordinate slices with one shared subset S: the max of P1 over
/// the slices. A valid lower bound on the sphere error (slices ⊂ sphere). O(d·N) per S after O(d·N log N).
/// </summary>
public sealed class SliceVerifier(IReadOnlyList<CircleProblem> slices, Arch arch = Arch.A, Domain domain = Domain.Ball)
{
    private readonly ArcVerifier[] _verifiers = slices.Select(s => new ArcVerifier(s, arch, domain)).ToArray();
    public IReadOnlyList<ArcVerifier> Verifiers => _verifiers;
    public int N => _verifiers[0].Problem.N;

    /// <summary>Max over slices; returns (value, argmax θ, slice index).</summary>
    public (double Value, double Theta, int Slice) Evaluate(ReadOnlySpan<bool> subset)
    {
        (double, double, int) best = (-1, 0, 0);
        for (int i = 0; i < _verifiers.Length; i++)
        {
            var m = _verifiers[i].Evaluate(subset);
            if (m.Value > best.Item1) best = (m.Value, m.Theta, i);
        }
        return best;
    }

    /// <summary>Certified analytic lower bound: max over slices of P2 (model A).</summary>
    public double AnalyticLowerBound() => _verifiers.Max(v => AnalyticBound.LowerBound(v.Problem));
}
