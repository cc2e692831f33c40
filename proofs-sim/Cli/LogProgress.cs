using System.Diagnostics;
using System.Globalization;

namespace PruneTheory.ProofsSim.Cli;

/// <summary>
/// Progress of one claim as plain log lines (a SLURM or CI log, no terminal): a line when a block of
/// trials is committed, at most one every <see cref="MinInterval"/>, with trials done / total, elapsed
/// time and ETA. The clock is injectable so the throttling is testable.
/// </summary>
public sealed class LogProgress
{
    public static readonly TimeSpan MinInterval = TimeSpan.FromSeconds(10);
    private readonly string _claim;
    private readonly int _total;
    private readonly TextWriter _out;
    private readonly Func<TimeSpan> _clock;
    private readonly TimeSpan _start;
    private TimeSpan? _lastLine;
    private int _done;

    public LogProgress(string claim, int total, TextWriter output, Func<TimeSpan>? clock = null)
    {
        _claim = claim;
        _total = total;
        _out = output;
        if (clock is null) { var sw = Stopwatch.StartNew(); clock = () => sw.Elapsed; }
        _clock = clock;
        _start = _clock();
    }

    public int Done => _done;

    /// <summary>A block of <paramref name="trials"/> was committed.</summary>
    public void Committed(int trials)
    {
        _done += trials;
        var now = _clock();
        if (_lastLine is { } last && now - last < MinInterval) return;
        _lastLine = now;
        _out.WriteLine(Line(now - _start));
    }

    private string Line(TimeSpan elapsed)
    {
        string eta = _done >= _total ? "0 s"
            : _done > 0 && elapsed > TimeSpan.Zero ? Seconds(elapsed.TotalSeconds / _done * (_total - _done))
            : "unknown";
        return $"{_claim}: {_done}/{_total} trials, {Seconds(elapsed.TotalSeconds)} elapsed, ETA {eta}";
    }

    private static string Seconds(double s) => s.ToString("F0", CultureInfo.InvariantCulture) + " s";
}
