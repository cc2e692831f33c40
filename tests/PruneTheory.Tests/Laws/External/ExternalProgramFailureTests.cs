using PruneTheory.Laws.External;
using PruneTheory.ProofsSim.Cli;
using PruneTheory.ProofsSim.Laws;
using PruneTheory.IO;
using Xunit;

namespace PruneTheory.Tests.Laws.External;

/// <summary>
/// `laws --exec` with shell one-liners as programs (no Python needed): crashes and timeouts give exit 5 and one
/// line naming the kept input, bad options exit 2, a garbage output is a broken law, and the same seed gives the
/// same cases (byte-identical counter-examples).
/// </summary>
public class ExternalProgramFailureTests
{
    private static (int Code, string Out, string Err) Laws(ExternalLawArgs args)
    {
        var (o, e) = (new StringWriter(), new StringWriter());
        int code = ExternalLawCheck.Run(args, o, e);
        return (code, o.ToString(), e.ToString());
    }

    private static string TempDir() => Directory.CreateTempSubdirectory("laws-test-").FullName;

    [Fact]
    public void A_crash_on_a_valid_network_is_exit_5_with_one_line_and_the_input_kept()
    {
        string dir = TempDir();
        var (code, o, e) = Laws(new ExternalLawArgs("echo 'boom: bad day' >&2; exit 3 # {in} {out}") { Cases = 2, Out = dir });
        Assert.True(code == ExitCodes.ExternalProgram, o + e);
        Assert.Single(e.Trim().Split('\n'));
        Assert.Contains("exited with code 3 on a valid network", e);
        Assert.Contains("boom: bad day", e);
        string kept = Path.Combine(dir, "failed-input.safetensors");
        Assert.Contains(kept, e);
        Assert.NotEmpty(Safetensors.Load(kept).Tensors);       // the network the program failed on
    }

    [Fact]
    public void A_timeout_is_exit_5_and_the_program_is_killed()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var (code, o, e) = Laws(new ExternalLawArgs("sleep 30 # {in} {out}") { Cases = 2, TimeoutSeconds = 0.5, Out = TempDir() });
        Assert.True(code == ExitCodes.ExternalProgram, o + e);
        Assert.Contains("timed out after 0.5 s", e);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(25), $"took {clock.Elapsed}");
    }

    [Fact]
    public void Exiting_0_without_an_output_is_exit_5()
    {
        var (code, _, e) = Laws(new ExternalLawArgs("true {in} {out}") { Cases = 2, Out = TempDir() });
        Assert.Equal(ExitCodes.ExternalProgram, code);
        Assert.Contains("wrote no", e);
    }

    [Theory]
    [InlineData("cp {in}", "weights", 3, null, "must contain {in} and {out}")]
    [InlineData("cp {in} {out}", "rows", 3, null, "--granularity must be weights or neurons")]
    [InlineData("cp {in} {out}", "weights", 0, null, "--cases must be at least 1")]
    [InlineData("cp {in} {out}", "weights", 3, "/nonexistent/case.safetensors", "not found")]
    public void Bad_options_are_exit_2_with_one_line(string exec, string granularity, int cases, string? replay, string message)
    {
        var (code, o, e) = Laws(new ExternalLawArgs(exec) { Granularity = granularity, Cases = cases, Replay = replay, Out = TempDir() });
        Assert.True(code == ExitCodes.BadInput, o + e);
        Assert.Single(e.Trim().Split('\n'));
        Assert.Contains(message, e);
    }

    [Fact]
    public void An_unknown_expected_break_is_exit_2()
    {
        var (code, _, e) = Laws(new ExternalLawArgs("cp {in} {out}") { ExpectBreak = ["no-such-law"], Out = TempDir() });
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("no law named 'no-such-law'", e);
    }

    [Fact]
    public void A_garbage_output_is_a_broken_law_not_a_crash()
    {
        var (code, o, e) = Laws(new ExternalLawArgs("echo garbage > {out} # {in}") { Cases = 2, Out = TempDir() });
        Assert.True(code == ExitCodes.Failed, o + e);
        Assert.Matches(@"identity-at-zero +BROKEN", o);
        Assert.Contains("InvalidDataException", o);
    }

    /// <summary>`cp` prunes nothing: sparsity and NaN refusal break on every case, so the shrunk case depends only on the seed.</summary>
    [Fact]
    public void The_same_seed_gives_the_same_cases()
    {
        string[] dirs = [TempDir(), TempDir(), TempDir()];
        ulong[] seeds = [5, 5, 6];
        for (int k = 0; k < 3; k++)
        {
            var (code, o, e) = Laws(new ExternalLawArgs("cp {in} {out}") { Cases = 3, Seed = seeds[k], Out = dirs[k] });
            Assert.True(code == ExitCodes.Failed, o + e);
        }
        byte[] File(int k) => System.IO.File.ReadAllBytes(Path.Combine(dirs[k], "sparsity-as-requested.safetensors"));
        Assert.Equal(File(0), File(1));
        Assert.NotEqual(CounterExampleFile.Load(Path.Combine(dirs[0], "refuses-non-finite.safetensors")).Case.Seed,
            CounterExampleFile.Load(Path.Combine(dirs[2], "refuses-non-finite.safetensors")).Case.Seed);
    }
}
