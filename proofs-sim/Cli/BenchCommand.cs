using System.CommandLine;
using System.Diagnostics;
using PruneTheory.Random;
using Spectre.Console;

namespace PruneTheory.ProofsSim.Cli;

/// <summary>
/// `bench`: a quick in-process measurement table (median of repeats after warm-up). The rigorous
/// numbers come from BenchmarkDotNet: dotnet run -c Release --project bench/PruneTheory.Bench.
/// </summary>
public static class BenchCommand
{
    /// <summary>One quick measurement: a label, the work per call, its unit, and the action.</summary>
    public sealed record Probe(string Name, double WorkPerCall, string Unit, Action Call);

    public static Command Build()
    {
        var repeats = new Option<int>("--repeats") { DefaultValueFactory = _ => 5, Description = "timed repeats per probe" };
        var peers = new Option<bool>("--peers") { Description = "time each workload against the program a user would pick (bench/peers: NumPy, PyTorch) and print the ratio" };
        var python = new Option<string?>("--python") { Description = "Python interpreter of the peers (default: python3, then /usr/bin/python3, the first that imports numpy)" };
        var peersDir = new Option<string?>("--peers-dir") { Description = "folder of the peer programs (default: bench/peers above the current or the program's folder)" };
        var only = new Option<string?>("--only") { Description = "with --peers: run only the workloads whose peer script names contain this (gemm, lenet, aiht, graycode, subsetsum)" };
        var cmd = new Command("bench", "Quick throughput table of the hot kernels (BenchmarkDotNet in bench/ for rigorous numbers).") { repeats, peers, python, peersDir, only };
        cmd.SetAction(parse =>
        {
            int r = parse.GetValue(repeats);
            if (r < 1) throw new PruneTheory.Experiments.SpecException("--repeats must be >= 1");
            if (parse.GetValue(peers))
                return BenchPeers.Run(r, parse.GetValue(python), parse.GetValue(peersDir), PeerWorkloads.Matching(parse.GetValue(only)));
            var table = new Table().Border(TableBorder.Simple).AddColumn("kernel").AddColumn(new TableColumn("throughput").RightAligned()).AddColumn("median time");
            foreach (var probe in Probes())
            {
                probe.Call();
                var times = Enumerable.Range(0, r).Select(_ => { var sw = Stopwatch.StartNew(); probe.Call(); return sw.Elapsed.TotalSeconds; }).Order().ToArray();
                double median = times[times.Length / 2];
                table.AddRow(Markup.Escape(probe.Name), $"{probe.WorkPerCall / median:G4} {probe.Unit}", $"{median * 1e3:F2} ms");
            }
            AnsiConsole.Write(table);
            return ExitCodes.Ok;
        });
        return cmd;
    }

    private static IEnumerable<Probe> Probes()
    {
        var key = RngKey.FromSeed(1);
        const int blocks = 1 << 20;
        yield return new Probe("Philox4x32-10 blocks (1 thread)", blocks, "blocks/s", () =>
        {
            uint acc = 0;
            for (ulong i = 0; i < blocks; i++) acc ^= Philox4x32.Block(key, i).X;
            GC.KeepAlive(acc);
        });
        foreach (var p in BenchProbes.All()) yield return p;
    }
}
