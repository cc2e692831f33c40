namespace PruneTheory.Laws;

/// <summary>Whether a law held on one case, and what was measured.</summary>
public readonly record struct LawResult(bool Holds, string Detail)
{
    public static LawResult Pass(string detail = "") => new(true, detail);
    public static LawResult Fail(string detail) => new(false, detail);
    public static LawResult Check(bool holds, string detail) => new(holds, detail);
}

/// <summary>A pruning law: a named statement, the methods it speaks of, and its check on one case.</summary>
public sealed record Law(string Name, string Statement, Func<IPruningMethod, bool> AppliesTo, Func<IPruningMethod, LawCase, LawResult> Check)
{
    public override string ToString() => Name;
}
