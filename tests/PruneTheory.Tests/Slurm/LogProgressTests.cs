using PruneTheory.ProofsSim.Cli;
using Xunit;

namespace PruneTheory.Tests.Slurm;

/// <summary>Progress without a terminal: a line per committed block, at most one every 10 s, with done/total, elapsed and ETA.</summary>
public class LogProgressTests
{
    [Fact]
    public void Lines_are_throttled_to_one_per_ten_seconds()
    {
        var now = TimeSpan.Zero;
        var output = new StringWriter();
        var log = new LogProgress("claim-x", 26, output, () => now);
        for (int t = 1; t <= 26; t++)
        {
            now = TimeSpan.FromSeconds(t);
            log.Committed(1);
        }
        var lines = output.ToString().TrimEnd().Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        // Blocks at 1, 2, ..., 26 s: lines at 1, 11 and 21 s only.
        Assert.Equal(["claim-x: 1/26 trials, 1 s elapsed, ETA 25 s",
                      "claim-x: 11/26 trials, 11 s elapsed, ETA 15 s",
                      "claim-x: 21/26 trials, 21 s elapsed, ETA 5 s"], lines);
        Assert.Equal(26, log.Done);
        Assert.DoesNotContain('\u001b', output.ToString());
    }

    [Fact]
    public void Eta_is_unknown_before_time_has_passed_and_zero_when_done()
    {
        var now = TimeSpan.Zero;
        var output = new StringWriter();
        var log = new LogProgress("c", 4, output, () => now);
        log.Committed(1);
        now = TimeSpan.FromSeconds(12);
        log.Committed(3);
        Assert.Equal("c: 1/4 trials, 0 s elapsed, ETA unknown\nc: 4/4 trials, 12 s elapsed, ETA 0 s\n", output.ToString().Replace("\r", ""));
    }
}
