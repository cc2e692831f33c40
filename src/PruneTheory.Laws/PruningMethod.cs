namespace PruneTheory.Laws;

/// <summary>What a method removes: whole hidden units (coupling groups) or single weights.</summary>
public enum Granularity { Neurons, Weights }

/// <summary>One pruning problem: a network, calibration inputs (data-free methods ignore them), a ratio and a seed.</summary>
public sealed record LawCase(LawNet Net, double[][] Calibration, double Ratio, ulong Seed)
{
    public override string ToString() =>
        $"ratio = {NetOps.Format(Ratio)}, seed = {Seed}, {Calibration.Length} calibration rows\n{Net}";
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

    /// <summary>Prunes <paramref name="problem"/>; must refuse NaN or infinite parameters with an ArgumentException.</summary>
    PruneOutcome Prune(LawCase problem);
}

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
