using System.Diagnostics;
using PruneTheory.Experiments;
using PruneTheory.Laws;
using PruneTheory.Laws.External;
using PruneTheory.ProofsSim.Cli;

namespace PruneTheory.ProofsSim.Laws;

/// <summary>The options of <c>laws --exec</c>.</summary>
public sealed record ExternalLawArgs(string Exec)
{
    public string Granularity { get; init; } = "weights";
    public int Cases { get; init; } = 20;
    public ulong Seed { get; init; }
    public bool BatchNorm { get; init; }
    public double TimeoutSeconds { get; init; } = 60;
    public double Tolerance { get; init; } = 1e-5;
    public string[] ExpectBreak { get; init; } = [];
    public string Out { get; init; } = "laws-counterexamples";
    public string? Replay { get; init; }
}

/// <summary>
/// <c>proofs-sim laws --exec CMD</c>: every applicable law checked on an external program's outputs over
/// seeded cases (same seed, same cases), each broken law shrunk to its smallest failing network, saved, and
/// given a one-line replay command. Exit codes: 0 every law as expected, 1 a law broken (or an expected break
/// that held), 2 bad input, 5 the program crashed, timed out or wrote nothing on a valid network.
/// </summary>
public static class ExternalLawCheck
{
    public static int Run(ExternalLawArgs a, TextWriter output, TextWriter errors)
    {
        ExternalProgram program;
        Expectation[] expectations;
        SavedCase? saved = null;
        string work = Path.Combine(Path.GetTempPath(), $"prunetheory-laws-{Environment.ProcessId}-{Guid.NewGuid():N}");
        try
        {
            if (a.Replay is { } file) saved = CounterExampleFile.Load(file);
            var granularity = saved?.Granularity ?? a.Granularity switch
            {
                "weights" => Granularity.Weights, "neurons" => Granularity.Neurons,
                var g => throw new ArgumentException($"--granularity must be weights or neurons (got '{g}')"),
            };
            if (a.Cases < 1) throw new ArgumentException($"--cases must be at least 1 (got {a.Cases})");
            if (!(a.TimeoutSeconds > 0 && a.TimeoutSeconds <= 86400)) throw new ArgumentException($"--timeout must lie in (0, 86400] seconds (got {a.TimeoutSeconds})");
            if (!(a.Tolerance > 0 && a.Tolerance < 1)) throw new ArgumentException($"--tolerance must lie in (0, 1) (got {a.Tolerance})");
            expectations = [.. a.ExpectBreak.Select(law => Expectation.Breaks(PruningLaws.Get(law).Name, "declared with --expect-break"))];
            bool bn = saved is { } s ? s.Case.Net.Layers.Any(l => l.Bn is not null) : a.BatchNorm;
            program = new ExternalProgram(a.Exec, granularity, new ExternalOptions
            {
                Timeout = TimeSpan.FromSeconds(a.TimeoutSeconds), Tolerance = a.Tolerance, BatchNorm = bn, WorkDirectory = work,
            });
            OutputDirs.CheckWritable(a.Out, "--out");
        }
        catch (Exception e) when (e is ArgumentException or InvalidDataException)
        {
            errors.WriteLine(ErrorPath.OneLine($"error: {e.Message}"));
            return ExitCodes.BadInput;
        }
        catch (Exception e) when (e is SpecException or EnvironmentFaultException) { return ErrorPath.Report(e, errors); }

        var clock = Stopwatch.StartNew();
        try
        {
            var reports = saved is { } replay ? CheckSaved(program, replay, expectations) : CheckCases(program, a, expectations, output);
            return Report(program, reports, a, saved, clock.Elapsed, output, errors);
        }
        catch (MethodFailedException e)
        {
            errors.WriteLine(ErrorPath.OneLine($"error: {KeepCrashInput(e.Message, work, a.Out)}"));
            return ExitCodes.ExternalProgram;
        }
        finally
        {
            if (Directory.Exists(work)) Directory.Delete(work, true);
        }
    }

    private static IReadOnlyList<LawReport> CheckCases(ExternalProgram program, ExternalLawArgs a, Expectation[] expectations, TextWriter output)
    {
        output.WriteLine($"laws: checking `{a.Exec}` on {a.Cases} case(s), {program.Granularity.ToString().ToLowerInvariant()}{(a.BatchNorm ? ", hidden layers with BatchNorm1d" : "")}, seed {a.Seed}, float32 files, tolerance {a.Tolerance:G3}");
        // The determinism law needs two real runs of each case; the other laws share one cached run per input file.
        var cached = PruningLaws.All.Select(l => l.Name).Where(n => n != "deterministic");
        var reports = LawKit.Check(program, expectations, program.Shape, a.Cases, a.Seed, cached).ToList();
        reports.AddRange(LawKit.Check(program.Uncached(), expectations, program.Shape, a.Cases, a.Seed, ["deterministic"]));
        return [.. reports.OrderBy(r => PruningLaws.All.ToList().FindIndex(l => l.Name == r.Law))];
    }

    private static IReadOnlyList<LawReport> CheckSaved(ExternalProgram program, SavedCase saved, Expectation[] expectations)
    {
        var laws = saved.Law is { } law ? [law] : PruningLaws.All.Select(l => l.Name).ToArray();
        var breaks = expectations.Select(e => e.Law).ToHashSet();
        return [.. LawKit.CheckCase(program.Uncached(), saved.Case, laws).Select(r => r with { ExpectedToHold = !breaks.Contains(r.Law) })];
    }

    private static int Report(ExternalProgram program, IReadOnlyList<LawReport> reports, ExternalLawArgs a, SavedCase? saved, TimeSpan elapsed, TextWriter output, TextWriter errors)
    {
        if (saved is not null) output.WriteLine($"laws: replaying {a.Replay} ({saved.Case.Net.HiddenLayers} hidden layer(s), sizes {string.Join("-", saved.Case.Net.Sizes)}, ratio {SequentialFormat.Num(saved.Case.Ratio)}) on `{a.Exec}`");
        int width = reports.Max(r => r.Law.Length);
        var saves = new List<string>();
        foreach (var r in reports)
        {
            string state = r.AsExpected ? (r.Held ? "holds" : "breaks, as declared") : (r.Held ? "HOLDS, declared to break" : "BROKEN");
            output.WriteLine($"  {r.Law.PadRight(width)}  {state}");
            if (r.Held || r.CounterExample is not { } c) continue;
            output.WriteLine($"    {r.Detail}");
            if (!r.AsExpected && saved is null)
            {
                string path = Path.Combine(a.Out, $"{r.Law}.safetensors");
                CounterExampleFile.Save(path, c, program.Granularity, r.Law);
                output.WriteLine($"    smallest failing network: sizes {string.Join("-", c.Net.Sizes)}{(c.Net.Layers.Any(l => l.Bn is not null) ? " with BN" : "")}, ratio {SequentialFormat.Num(c.Ratio)}, {c.Calibration.Length} calibration rows; saved to {path}");
                output.WriteLine($"    replay: proofs-sim laws --exec {CommandRunner.Quote(a.Exec)} --replay {CommandRunner.Quote(path)}");
                saves.Add(r.Law);
            }
        }
        var bad = reports.Where(r => !r.AsExpected).ToList();
        output.WriteLine($"laws: {reports.Count - bad.Count} of {reports.Count} law(s) as expected; {program.Runs} program run(s) in {elapsed.TotalSeconds:F1} s");
        if (bad.Count == 0) return ExitCodes.Ok;
        errors.WriteLine($"laws: {string.Join(", ", bad.Select(r => r.Law))} {(bad.Count == 1 ? "is" : "are")} not as expected{(saves.Count > 0 ? $" (counter-examples in {a.Out})" : "")}");
        return ExitCodes.Failed;
    }

    /// <summary>Copies the input the program failed on from the (deleted) work folder to --out, and names it.</summary>
    private static string KeepCrashInput(string message, string work, string outDir)
    {
        int at = message.IndexOf(work, StringComparison.Ordinal);
        if (at < 0) return message;
        int end = message.IndexOf(')', at);
        string input = message[at..end];
        if (!File.Exists(input)) return message;
        Directory.CreateDirectory(outDir);
        string kept = Path.Combine(outDir, "failed-input.safetensors");
        File.Copy(input, kept, overwrite: true);
        return message.Replace(input, kept, StringComparison.Ordinal);
    }
}
