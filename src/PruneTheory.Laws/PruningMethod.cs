namespace PruneTheory.Laws;

/// <summary>What a method removes: whole hidden units (coupling groups) or single weights.</summary>
public enum Granularity { Neurons, Weights }

/// <summary>One pruning problem: a network, calibration inputs (data-free methods ignore them), a ratio and a seed.</summary>
public sealed record LawCase(LawNet Net, double[][] Calibration, double Ratio, ulong Seed)
{
    public override string ToString() =>
        $"ratio = {NetOps.Format(Ratio)}, seed = {Seed}, {Calibration.Length} calibration rows\n{Net}";

    /// <summary>Copy with <paramref name="f"/> applied to every parameter and calibration value (e.g. rounding to float32).</summary>
    public LawCase Map(Func<double, double> f) => this with { Net = Net.Map(f), Calibration = [.. Calibration.Select(r => r.Select(f).ToArray())] };
}

/// <summary>
/// A method's result. Neuron methods return the physically sliced network with the kept units of each
/// hidden layer (ascending); weight methods return the network with pruned weights zeroed and the mask
/// of pruned weights. Objectives are optional: the method's own loss with and without its compensation.
/// </summary>
public sealed record PruneOutcome(LawNet Pruned, long Requested, long Achieved)
{
    public int[][]? KeptUnits { get; init; }
    public bool[][,]? PrunedWeights { get; init; }
    public double? OwnObjective { get; init; }
    public double? PlainObjective { get; init; }
    /// <summary>How <see cref="Requested"/> was set, when it is more than the method's own count (e.g. an external program's rounding).</summary>
    public string? RequestedRule { get; init; }
}

/// <summary>
/// The interface the laws are stated over: any criterion, compensator or pruner adapted to it can be
/// checked against every law with <see cref="LawKit.Check"/>.
/// </summary>
public interface IPruningMethod
{
    string Name { get; }
    Granularity Granularity { get; }

    /// <summary>Hidden layers need BN (conv+BN methods) or must not have it; null when either works.</summary>
    bool? NeedsBatchNorm => null;

    /// <summary>Largest relative output difference that still counts as "the same function" (float32 programs need more than float64 code).</summary>
    double Tolerance => PruningLaws.Tolerance;

    /// <summary>Prunes <paramref name="problem"/>; must refuse NaN or infinite parameters with an ArgumentException.</summary>
    PruneOutcome Prune(LawCase problem);
}

/// <summary>
/// The method could not be run at all (an external program crashed or timed out on a valid network): checking
/// stops, rather than reading the failure as a law broken.
/// </summary>
public sealed class MethodFailedException(string message) : Exception(message);

/// <summary>A method from a delegate: a new compensator in a few lines.</summary>
public sealed class DelegateMethod(string name, Granularity granularity, Func<LawCase, PruneOutcome> prune, bool? needsBatchNorm = null) : IPruningMethod
{
    public string Name => name;
    public Granularity Granularity => granularity;
    public bool? NeedsBatchNorm => needsBatchNorm;
    public PruneOutcome Prune(LawCase problem) => prune(problem);
}

/// <summary>A method that can also prune iteratively: rescoring the pruned network at each cumulative ratio.</summary>
public interface IIterativePruningMethod : IPruningMethod
{
    /// <summary>The result after each of the ascending cumulative <paramref name="ratios"/>.</summary>
    IReadOnlyList<PruneOutcome> PruneIteratively(LawCase problem, IReadOnlyList<double> ratios);
}
