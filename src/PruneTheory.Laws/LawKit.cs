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
    public static IReadOnlyList<LawReport> Check(IPruningMethod method, IEnumerable<Expectation>? expectations = null,
        NetShape? shape = null, int maxTests = 40, ulong? seed = null)
    {
        var expected = (expectations ?? []).ToDictionary(e => e.Law);
        foreach (var name in expected.Keys) PruningLaws.Get(name); // unknown law names fail loudly
        shape ??= method.NeedsBatchNorm == true ? NetShape.DenseBn : NetShape.Dense;
        var reports = new List<LawReport>();
        foreach (var law in PruningLaws.All.Where(l => l.AppliesTo(method)))
        {
            bool holds = !expected.TryGetValue(law.Name, out var e) || e.Holds;
            var replay = seed is { } s ? new Replay(new Rnd(s, 0x9E3779B97F4A7C15UL), Microsoft.FSharp.Core.FSharpOption<int>.None) : null;
            var (held, message) = Run(method, law, shape, maxTests, replay);
            reports.Add(new LawReport(method.Name, law.Name, holds, held, held ? "" : message));
        }
        return reports;
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
        var (held, message) = Run(method, l, shape ?? (method.NeedsBatchNorm == true ? NetShape.DenseBn : NetShape.Dense), maxTests, replay);
        return new LawReport(method.Name, law, true, held, message);
    }

    private static (bool Held, string Message) Run(IPruningMethod method, Law law, NetShape shape, int maxTests, Replay? replay = null)
    {
        var property = Prop.ForAll(LawGen.Cases(shape), c =>
        {
            LawResult r;
            try { r = law.Check(method, c); }
            catch (Exception ex) when (ex is not OutOfMemoryException) { r = LawResult.Fail($"threw {ex.GetType().Name}: {ex.Message}"); }
            return r.Holds.Label($"{law.Name}: {r.Detail}");
        });
        try
        {
            var config = Config.QuickThrowOnFailure.WithMaxTest(maxTests).WithQuietOnSuccess(true);
            if (replay is not null) config = config.WithReplay(Microsoft.FSharp.Core.FSharpOption<Replay>.Some(replay));
            FsCheck.Check.One(config, property);
            return (true, "");
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return (false, $"law '{law.Name}' ({law.Statement}) is falsified:\n{ex.Message}");
        }
    }
}

public sealed class LawViolationException(string message) : Exception(message);
