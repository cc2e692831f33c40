namespace PruneTheory.Experiments;

/// <summary>How big a claim's simulation is: quick (about a minute on 2 cores) or paper (the paper's sizes).</summary>
public enum Scale { Quick, Paper }

/// <summary>A claim's verdict. Decided from intervals or exact computations, never from a point estimate alone.</summary>
public enum Verdict { Confirmed, Contradicted, Inconclusive, Skipped }

public static class VerdictNames
{
    public static string Name(this Verdict v) => v switch
    {
        Verdict.Confirmed => "confirmed",
        Verdict.Contradicted => "contradicted",
        Verdict.Inconclusive => "inconclusive",
        _ => "skipped",
    };
}
