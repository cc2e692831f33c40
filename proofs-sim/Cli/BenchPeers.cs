using System.Diagnostics;
using PruneTheory.IO;
using Spectre.Console;

namespace PruneTheory.ProofsSim.Cli;

/// <summary>Median wall seconds and median process CPU seconds (all threads) of the timed calls.</summary>
public sealed record Timing(double Wall, double Cpu);

/// <summary>What a peer's result said against ours: whether it agrees within the workload's tolerance, and the measure.</summary>
public sealed record PeerCheck(bool Agrees, string Detail);

/// <summary>
/// One workload timed on both sides: the suite's kernel here, and the program a user would pick instead
/// (bench/peers/SCRIPT.py) on the same inputs, exchanged as safetensors (see bench/peers/peerio.py).
/// </summary>
public interface IPeerWorkload
{
    string Name { get; }
    string Script { get; }
    /// <summary>The inputs (F32 tensors, string parameters) both sides run on.</summary>
    (Dictionary<string, TensorData> Tensors, Dictionary<string, string> Meta) Inputs();
    /// <summary>Median times of <paramref name="repeats"/> runs after one warm-up; keeps the result for <see cref="Check"/>.</summary>
    Timing TimeOurs(int repeats);
    string OursLabel { get; }
    PeerCheck Check(SafetensorsFile peer);
}

/// <summary>
/// `bench --peers`: each workload, then its peer in a child Python process, then the ratio peer time / our time
/// (&gt; 1: ours faster). A ratio is printed only when the peer's result agrees with ours (a wrong kernel must not
/// win a race). Without a Python that imports numpy, or when one peer fails, one line says so and the rest runs.
/// </summary>
public static class BenchPeers
{
    private static readonly TimeSpan PeerTimeout = TimeSpan.FromMinutes(10);

    public static int Run(int repeats, string? python, string? peersDir, IEnumerable<IPeerWorkload> workloads)
    {
        string? dir = peersDir ?? FindPeersDir();
        if (dir is null || !File.Exists(Path.Combine(dir, "peerio.py")))
            throw new PruneTheory.Experiments.SpecException($"peer programs not found{(dir is null ? "" : $" in {dir}")}: run from the repository or pass --peers-dir bench/peers");
        string? py = FindPython(python, out string why);
        if (py is null) AnsiConsole.MarkupLine($"[yellow]{Markup.Escape($"no peers: {why}; our side only")}[/]");
        else AnsiConsole.MarkupLine(Markup.Escape($"peers: {py} ({Probe(py, "import numpy, sys; print(sys.version.split()[0])")?.Trim()}), {dir}; load average {LoadAverage()}"));
        var table = new Table().Border(TableBorder.Simple).AddColumn("workload").AddColumn(new TableColumn("ours").RightAligned())
            .AddColumn(new TableColumn("peer").RightAligned()).AddColumn(new TableColumn("peer / ours").RightAligned()).AddColumn(new TableColumn("CPU s: ours, peer, ratio").RightAligned()).AddColumn("result");
        var notes = new List<string>();
        var work = Directory.CreateTempSubdirectory("proofs-sim-peers-");
        try
        {
            foreach (var w in workloads)
            {
                var ours = w.TimeOurs(repeats);
                string oursCell = Ms(ours.Wall);
                if (py is null) { table.AddRow(Markup.Escape(w.Name), Markup.Escape(oursCell), "-", "-", $"{ours.Cpu:F3}", "no peer"); continue; }
                var (peer, error) = RunPeer(py, Path.Combine(dir, w.Script + ".py"), w, repeats, work.FullName);
                if (peer is null) { table.AddRow(Markup.Escape(w.Name), Markup.Escape(oursCell), "-", "-", $"{ours.Cpu:F3}", "peer failed"); notes.Add($"{w.Name}: peer failed: {error}"); continue; }
                var check = w.Check(peer);
                double seconds = PeerWorkloads.Num(peer, "seconds"), cpu = PeerWorkloads.Num(peer, "cpu_seconds");
                string ratio = check.Agrees ? $"{seconds / ours.Wall:F2}×" : "(not compared)";
                string cpuCell = check.Agrees ? $"{ours.Cpu:F3}, {cpu:F3}, {cpu / ours.Cpu:F2}×" : "-";
                table.AddRow(Markup.Escape(w.Name), Markup.Escape(oursCell), Ms(seconds), ratio, cpuCell, check.Agrees ? "agrees" : "[red]DISAGREES[/]");
                notes.Add($"{w.Name}: {check.Detail}; ours {w.OursLabel}; peer {peer.Metadata.GetValueOrDefault("library", "?")}");
            }
        }
        finally { work.Delete(recursive: true); }
        AnsiConsole.Write(table);
        foreach (var note in notes) AnsiConsole.WriteLine(note);
        AnsiConsole.MarkupLine(Markup.Escape($"load average after: {LoadAverage()} on {Environment.ProcessorCount} cores; times are medians of {repeats} after one warm-up"));
        return ExitCodes.Ok;
    }

    private static (SafetensorsFile? Result, string Error) RunPeer(string python, string script, IPeerWorkload w, int repeats, string work)
    {
        var (tensors, meta) = w.Inputs();
        meta["repeats"] = repeats.ToString(System.Globalization.CultureInfo.InvariantCulture);
        string input = Path.Combine(work, w.Script + ".in.safetensors"), output = Path.Combine(work, w.Script + ".out.safetensors");
        Safetensors.Write(input, tensors, meta);
        var psi = new ProcessStartInfo(python) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in new[] { script, input, output }) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        _ = p.StandardOutput.ReadToEndAsync();
        if (!p.WaitForExit(PeerTimeout)) { p.Kill(entireProcessTree: true); return (null, $"timed out after {PeerTimeout.TotalMinutes} min"); }
        string err = stderr.Result.Trim();
        if (p.ExitCode != 0 || !File.Exists(output))
            return (null, err.Length == 0 ? $"exit code {p.ExitCode}" : err.Split('\n')[^1]);
        return (Safetensors.Load(output), "");
    }

    /// <summary>The first candidate that imports numpy: --python, else python3 on PATH, else /usr/bin/python3.</summary>
    private static string? FindPython(string? requested, out string why)
    {
        string[] candidates = requested is not null ? [requested] : ["python3", "/usr/bin/python3"];
        foreach (var c in candidates)
            if (Probe(c, "import numpy") is not null) { why = ""; return c; }
        why = $"none of {string.Join(", ", candidates)} runs and imports numpy";
        return null;
    }

    private static string? Probe(string python, string code)
    {
        try
        {
            var psi = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            psi.ArgumentList.Add("-c"); psi.ArgumentList.Add(code);
            using var p = Process.Start(psi)!;
            var output = p.StandardOutput.ReadToEndAsync();
            _ = p.StandardError.ReadToEndAsync();
            if (!p.WaitForExit(TimeSpan.FromSeconds(60))) { p.Kill(true); return null; }
            return p.ExitCode == 0 ? output.Result : null;
        }
        catch (System.ComponentModel.Win32Exception) { return null; } // not installed
    }

    private static string? FindPeersDir()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            for (var d = new DirectoryInfo(start); d is not null; d = d.Parent)
            {
                string candidate = Path.Combine(d.FullName, "bench", "peers");
                if (File.Exists(Path.Combine(candidate, "peerio.py"))) return candidate;
            }
        return null;
    }

    private static string LoadAverage()
    {
        try { return string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)); }
        catch (IOException) { return "unknown"; }
        catch (UnauthorizedAccessException) { return "unknown"; }
    }

    private static string Ms(double seconds) => seconds >= 1 ? $"{seconds:F2} s" : $"{seconds * 1e3:F1} ms";

    /// <summary>Median wall and process CPU seconds of <paramref name="repeats"/> calls after one warm-up (the rule both sides use).</summary>
    public static Timing Median(int repeats, Action prepare, Action call)
    {
        prepare(); call();
        var walls = new double[repeats];
        var cpus = new double[repeats];
        using var self = Process.GetCurrentProcess();
        for (int i = 0; i < repeats; i++)
        {
            prepare();
            self.Refresh();
            var cpu0 = self.TotalProcessorTime;
            var sw = Stopwatch.StartNew();
            call();
            walls[i] = sw.Elapsed.TotalSeconds;
            self.Refresh();
            cpus[i] = (self.TotalProcessorTime - cpu0).TotalSeconds;
        }
        Array.Sort(walls); Array.Sort(cpus);
        return new(walls[repeats / 2], cpus[repeats / 2]);
    }
}
