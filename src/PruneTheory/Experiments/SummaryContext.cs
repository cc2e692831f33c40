using PruneTheory.Figures;

namespace PruneTheory.Experiments;

/// <summary>What a claim's summary may use: the run's identity, scale and a figure writer with provenance.</summary>
public sealed class SummaryContext(RunIdentity run, Scale scale, FigureWriter figures)
{
    public RunIdentity Run { get; } = run;
    public Scale Scale { get; } = scale;
    public FigureWriter Figures { get; } = figures;
}
