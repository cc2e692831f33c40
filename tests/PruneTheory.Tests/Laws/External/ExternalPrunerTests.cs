using PruneTheory.Laws;
using PruneTheory.Laws.External;
using PruneTheory.ProofsSim.Cli;
using PruneTheory.ProofsSim.Laws;
using Xunit;

namespace PruneTheory.Tests.Laws.External;

/// <summary>
/// `laws --exec` on the sample numpy pruners: the correct one passes every law (magnitude criteria legitimately
/// break ReLU rescaling), the broken one is caught with a counter-example shrunk to the smallest network the
/// generator allows (1 input, one hidden layer of 2 units, 1 output), saved, and replayable from the file.
/// </summary>
public class ExternalPrunerTests
{
    private const string Correct = "prune_magnitude.py", Broken = "prune_magnitude_broken.py";

    private static (int Code, string Out, string Err) Laws(ExternalLawArgs args)
    {
        var (o, e) = (new StringWriter(), new StringWriter());
        int code = ExternalLawCheck.Run(args, o, e);
        return (code, o.ToString(), e.ToString());
    }

    private static string TempDir() => Directory.CreateTempSubdirectory("laws-test-").FullName;

    [PythonNumpyFact]
    public void Correct_weight_pruner_passes_every_law()
    {
        var (code, o, e) = Laws(new ExternalLawArgs(PythonNumpy.Command(Correct)) { Cases = 3, ExpectBreak = ["relu-rescaling-invariance"], Out = TempDir() });
        Assert.True(code == ExitCodes.Ok, o + e);
        Assert.Contains("8 of 8 law(s) as expected", o);
        Assert.Matches("relu-rescaling-invariance +breaks, as declared", o);   // the declared break did show
    }

    [PythonNumpyFact]
    public void Correct_neuron_pruner_passes_every_law_with_batch_norm()
    {
        var (code, o, e) = Laws(new ExternalLawArgs(PythonNumpy.Command(Correct)) { Granularity = "neurons", BatchNorm = true, Cases = 3, Out = TempDir() });
        Assert.True(code == ExitCodes.Ok, o + e);
        Assert.Contains("mask-equals-slice", o);
        Assert.DoesNotContain("BROKEN", o);
    }

    [PythonNumpyFact]
    public void Broken_weight_pruner_is_caught_with_a_shrunk_counter_example_that_replays()
    {
        string dir = TempDir();
        var (code, o, e) = Laws(new ExternalLawArgs(PythonNumpy.Command(Broken)) { Cases = 3, ExpectBreak = ["relu-rescaling-invariance"], Out = dir });
        Assert.True(code == ExitCodes.Failed, o + e);
        Assert.Contains("identity-at-zero", e.Trim());
        Assert.Single(e.Trim().Split('\n'));                                     // one line on stderr
        Assert.Contains("removed 1 at ratio 0", o);                             // the off-by-one, in the law's words
        string file = Path.Combine(dir, "sparsity-as-requested.safetensors");
        var saved = CounterExampleFile.Load(file);
        Assert.Equal([1, 2, 1], saved.Case.Net.Sizes);                          // shrunk to the smallest network
        Assert.Equal("sparsity-as-requested", saved.Law);
        Assert.Contains($"--replay {PruneTheory.Laws.External.CommandRunner.Quote(file)}", o);

        // The saved case fails again on the broken program and holds on the correct one.
        var replayBroken = Laws(new ExternalLawArgs(PythonNumpy.Command(Broken)) { Replay = file, Out = dir });
        Assert.True(replayBroken.Code == ExitCodes.Failed, replayBroken.Out + replayBroken.Err);
        Assert.Matches("sparsity-as-requested +BROKEN", replayBroken.Out);
        var replayCorrect = Laws(new ExternalLawArgs(PythonNumpy.Command(Correct)) { Replay = file, Out = dir });
        Assert.True(replayCorrect.Code == ExitCodes.Ok, replayCorrect.Out + replayCorrect.Err);
    }

    [PythonNumpyFact]
    public void Broken_neuron_pruner_is_caught_by_permutation_equivariance()
    {
        string dir = TempDir();
        var (code, o, e) = Laws(new ExternalLawArgs(PythonNumpy.Command(Broken)) { Granularity = "neurons", Cases = 3, ExpectBreak = ["relu-rescaling-invariance"], Out = dir });
        Assert.True(code == ExitCodes.Failed, o + e);
        Assert.Matches("permutation-equivariance +BROKEN", o);
        var saved = CounterExampleFile.Load(Path.Combine(dir, "permutation-equivariance.safetensors"));
        Assert.Equal(Granularity.Neurons, saved.Granularity);
        Assert.Equal([1, 2, 1], saved.Case.Net.Sizes);
    }
}
