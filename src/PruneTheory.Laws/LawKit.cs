using FsCheck;
using FsCheck.Fluent;

namespace PruneTheory.Laws;

/// <summary>How a method stands to a law: it must hold, or it legitimately breaks it (with the reason).</summary>
public sealed record Expectation(string Law, bool Holds, string? Reason = null)
{
    public static Expectation Breaks(string law, string reason) => new(law, false, reason);
}

/// <summary>One law checked on one method: what was expected, what happened, and the shrunk counter-example if any.</summary>
public sealed record LawReport(string Method, string Law, bool ExpectedToHold, bool Held, string Message)
{
    public bool AsExpected => ExpectedToHold == Held;
    /// <summary>The shrunk failing case (null when the law held); it can be saved and checked again alone.</summary>
    public LawCase? CounterExample { get; init; }
    /// <summary>What the law measured on <see cref="CounterExample"/> (its own words, without the case).</summary>
    public string? Detail { get; init; }
    public override string ToString() =>
        $"{Method} / {Law}: expected to {(ExpectedToHold ? "hold" : "break")}, {(Held ? "held" : "broke")}" + (Message.Length > 0 ? $"\n{Message}" : "");
}

/// <summary>
/// Checks a method against every law that applies to it, as FsCheck properties with shrinking. A failure
/// carries FsCheck's replay seed and the shrunk case (network shape, weights, ratio, seed).
/// </summary>
public static class LawKit
{
    /// <param name="seed">Fixes FsCheck's random cases (a regression table must not depend on luck); null draws fresh ones.</param>
    /// <param name="laws">Only these laws (by name); null checks every law that applies.</param>
    /// <exception cref="MethodFailedException">The method could not be run on some case (checking stops there).</exception>
    public static IReadOnlyList<LawReport> Check(IPruningMethod method, IEnumerable<Expectation>? expectations = null,
        NetShape? shape = null, int maxTests = 40, ulong? seed = null, IEnumerable<string>? laws = null)
    {
        var expected = (expectations ?? []).ToDictionary(e => e.Law);
        foreach (var name in expected.Keys) PruningLaws.Get(name); // unknown law names fail loudly
        var only = laws?.Select(n => PruningLaws.Get(n).Name).ToHashSet();
        shape ??= DefaultShape(method);
        var reports = new List<LawReport>();
        foreach (var law in PruningLaws.All.Where(l => l.AppliesTo(method) && (only is null || only.Contains(l.Name))))
        {
            bool holds = !expected.TryGetValue(law.Name, out var e) || e.Holds;
            // The same seed for every law: each law sees the same cases (and a caching method runs each case once).
            var replay = seed is { } s ? new Replay(new Rnd(s, 0x9E3779B97F4A7C15UL), Microsoft.FSharp.Core.FSharpOption<int>.None) : null;
            reports.Add(Run(method, law, shape, maxTests, replay, shrink: holds) with { ExpectedToHold = holds });
        }
        return reports;
    }

    private static NetShape DefaultShape(IPruningMethod method) =>
        method is External.ExternalProgram program ? program.Shape : method.NeedsBatchNorm == true ? NetShape.DenseBn : NetShape.Dense;

    /// <summary>Checks every applicable law (or only <paramref name="laws"/>) on one given case, e.g. a saved counter-example.</summary>
    public static IReadOnlyList<LawReport> CheckCase(IPruningMethod method, LawCase c, IEnumerable<string>? laws = null)
    {
        var only = laws?.Select(n => PruningLaws.Get(n).Name).ToHashSet();
        return PruningLaws.All.Where(l => l.AppliesTo(method) && (only is null || only.Contains(l.Name))).Select(law =>
        {
            var r = Evaluate(method, law, c);
            return new LawReport(method.Name, law.Name, true, r.Holds, r.Holds ? "" : $"law '{law.Name}' ({law.Statement}) is falsified: {r.Detail}\n{c}")
            { CounterExample = r.Holds ? null : c, Detail = r.Holds ? null : r.Detail };
        }).ToList();
    }

    /// <summary>Throws with every unexpected outcome (a law broken that should hold, or one held that should break).</summary>
    public static void Assert(IPruningMethod method, IEnumerable<Expectation>? expectations = null, NetShape? shape = null, int maxTests = 40, ulong? seed = null)
    {
        var bad = Check(method, expectations, shape, maxTests, seed).Where(r => !r.AsExpected).ToList();
        if (bad.Count > 0) throw new LawViolationException(string.Join("\n\n", bad));
    }

    /// <summary>
    /// Re-runs one law from the seed FsCheck printed ("Falsifiable ... (seed, gamma)"), reproducing the
    /// same cases and the same shrunk counter-example.
    /// </summary>
    public static LawReport Replay(IPruningMethod method, string law, ulong seed, ulong gamma, NetShape? shape = null, int maxTests = 40)
    {
        var l = PruningLaws.Get(law);
        var replay = new Replay(new Rnd(seed, gamma), Microsoft.FSharp.Core.FSharpOption<int>.None);
        return Run(method, l, shape ?? DefaultShape(method), maxTests, replay, shrink: true);
    }

    private static LawResult Evaluate(IPruningMethod method, Law law, LawCase c)
    {
        try { return law.Check(method, c); }
        catch (Exception ex) when (ex is not (OutOfMemoryException or MethodFailedException)) { return LawResult.Fail($"threw {ex.GetType().Name}: {ex.Message}"); }
    }

    /// <param name="shrink">False for a law expected to break: its counter-example is not needed, only that it breaks.</param>
    private static LawReport Run(IPruningMethod method, Law law, NetShape shape, int maxTests, Replay? replay, bool shrink)
    {
        // FsCheck shrinks greedily: the last case that failed is the shrunk counter-example it reports.
        LawCase? lastFailing = null;
        string? lastDetail = null;
        MethodFailedException? aborted = null;
        var cases = shrink ? LawGen.Cases(shape) : Arb.From(LawGen.Case(shape));
        var property = Prop.ForAll(cases, c =>
        {
            if (aborted is not null) return true.Label("aborted");   // finish FsCheck's loop without running the method again
            LawResult r;
            try { r = Evaluate(method, law, c); }
            catch (MethodFailedException ex) { aborted = ex; return true.Label("aborted"); }
            if (!r.Holds) (lastFailing, lastDetail) = (c, r.Detail);
            return r.Holds.Label($"{law.Name}: {r.Detail}");
        });
        string message = "";
        try
        {
            var config = Config.QuickThrowOnFailure.WithMaxTest(maxTests).WithQuietOnSuccess(true);
            if (replay is not null) config = config.WithReplay(Microsoft.FSharp.Core.FSharpOption<Replay>.Some(replay));
            FsCheck.Check.One(config, property);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            message = $"law '{law.Name}' ({law.Statement}) is falsified:\n{ex.Message}";
        }
        if (aborted is not null) throw aborted;
        bool held = message.Length == 0;
        return new LawReport(method.Name, law.Name, true, held, message) { CounterExample = held ? null : lastFailing, Detail = held ? null : lastDetail };
    }
}

public sealed class LawViolationException(string message) : Exception(message);
