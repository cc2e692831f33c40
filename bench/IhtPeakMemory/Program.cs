using System.Diagnostics;
using PruneTheory.Random;
using PruneTheory.Sparse;

// Peak process memory (VmHWM, /proc/self/status) of one solver run per fresh child process, so that no run sees
// another's heap. Each child builds its inputs (O(n·d), nothing of size d·m), runs a tiny instance of the same
// solver to JIT every path, reads VmHWM, runs the measured instance, reads VmHWM again and prints one line.
// Usage: IhtPeakMemory [m ...]        (parent: every solver at every m, one child each; default m = 2000 8000 32000)
//        IhtPeakMemory child ALGO M   (ALGO = scalar | vector | imp)
const int N = 200, D = 100, S = 1000, C = 10;

if (args.Length == 3 && args[0] == "child") return Child(args[1], int.Parse(args[2]));
if (!File.Exists("/proc/self/status")) { Console.Error.WriteLine("needs Linux /proc/self/status"); return 2; }
var widths = args.Length > 0 ? args.Select(int.Parse).ToArray() : [2000, 8000, 32000];
Console.WriteLine($"n = {N}, d = {D}, s = {S}, c = {C}; one child process per row, DOTNET_GCgen0size = 0x400000, 1 thread");
Console.WriteLine("solver  m       d*m        baseline_MiB  peak_MiB  growth_MiB  allocated_MiB  seconds");
foreach (var algo in new[] { "scalar", "vector", "imp" })
    foreach (int m in widths)
    {
        var psi = new ProcessStartInfo(Environment.ProcessPath!, [typeof(Program).Assembly.Location, "child", algo, m.ToString()])
        { RedirectStandardOutput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath!) != "dotnet") psi.ArgumentList.RemoveAt(0);
        psi.Environment["DOTNET_GCgen0size"] = "0x400000"; // small gen-0 budget: the peak reflects live data, not GC slack
        using var p = Process.Start(psi)!;
        string line = p.StandardOutput.ReadToEnd().Trim();
        p.WaitForExit();
        Console.WriteLine(p.ExitCode == 0 ? line : $"{algo} {m}: child failed with exit code {p.ExitCode}");
    }
return 0;

static int Child(string algo, int m)
{
    var run = algo switch { "scalar" => Scalar(m), "vector" => Vector(m), "imp" => Imp(m), _ => null };
    if (run is null) { Console.Error.WriteLine($"unknown solver {algo} (scalar | vector | imp)"); return 2; }
    Scalar(4)(); Vector(4)(); Imp(4)(); // JIT warm-up on tiny instances
    GC.Collect(); GC.WaitForPendingFinalizers(); GC.Collect();
    double before = HwmMiB();
    long alloc0 = GC.GetTotalAllocatedBytes(true);
    var sw = Stopwatch.StartNew();
    run();
    double secs = sw.Elapsed.TotalSeconds, after = HwmMiB();
    double allocated = (GC.GetTotalAllocatedBytes(true) - alloc0) / 1048576.0;
    Console.WriteLine($"{algo,-7} {m,-7} {(long)D * m,-10} {before,12:F1}  {after,8:F1}  {after - before,10:F1}  {allocated,13:F1}  {secs,7:F1}");
    return 0;
}

static double HwmMiB()
{
    var line = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmHWM:"));
    return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024.0;
}

static ParallelOptions One() => new() { MaxDegreeOfParallelism = 1 };

// Inputs without anything of size d·m: X ~ N(0, 1), labels of a 5-unit planted network.
static (DesignMatrix X, double[] Y, int[] Classes) Inputs()
{
    var x = DesignMatrix.Gaussian(RngKey.FromSeed(1).FoldIn("x"), N, D);
    var y = new double[N];
    var teacher = PlantedInstance.RandomSparse(RngKey.FromSeed(1).FoldIn("w"), D * 5, 50);
    new GatedReluOperator(x, 5, new GateSet(RngKey.FromSeed(1).FoldIn("g"), D)).Predict(teacher, y);
    var classes = y.Select(v => Math.Clamp((int)(v * 2), 0, C - 1)).ToArray();
    return (x, y, classes);
}

static Action Scalar(int m)
{
    var (x, y, _) = Inputs();
    return () =>
    {
        var op = new GatedReluOperator(x, m, new GateSet(RngKey.FromSeed(2), D)) { Parallelism = One() };
        Aiht.Solve(op, y, new AihtOptions { Sparsity = Math.Min(S, D * m), Steps = 3 });
    };
}

static Action Vector(int m)
{
    var (x, _, classes) = Inputs();
    return () => VectorOutputAiht.Solve(x, classes, RngKey.FromSeed(2), RngKey.FromSeed(3), RngKey.FromSeed(4),
        new VectorOutputAihtOptions { Sparsity = S, Width = m, Classes = C, Epochs = 2, BatchSize = N }, One());
}

static Action Imp(int m)
{
    var (x, y, _) = Inputs();
    int total = D * m + m; // one round: prune 10 % once, stop
    return () => ImpBaseline.Run(x, y, RngKey.FromSeed(2), new ImpOptions { Sparsity = total - 1, Width = m, EpochsPerRound = 2 });
}
