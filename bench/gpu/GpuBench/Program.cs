using System.Diagnostics;
using PruneTheory.Gpu;
using PruneTheory.Random;
using PruneTheory.Sparse;
using PruneTheory.Theory.Relu2D;
using PruneTheory.Theory.Selection;

// GPU test-and-bench: every provider kernel against the SIMD CPU provider on random inputs, then a timing table.
// Usage: GpuBench [--backend cuda|ilgpu-cpu] [--small]. Exit 0 when every check passes, 1 when one fails, 2 on bad input.
string kindText = "cuda"; bool small = false;
for (int i = 0; i < args.Length; i++)
{
    if (args[i] == "--backend" && i + 1 < args.Length) kindText = args[++i];
    else if (args[i] == "--small") small = true;
    else { Console.Error.WriteLine($"GpuBench: unknown argument '{args[i]}' (use --backend cuda|ilgpu-cpu, --small)"); return 2; }
}
var kind = kindText switch { "cuda" => BackendKind.Cuda, "ilgpu-cpu" => BackendKind.IlgpuCpu, _ => (BackendKind?)null };
if (kind is null) { Console.Error.WriteLine($"GpuBench: --backend must be cuda or ilgpu-cpu (got '{kindText}')"); return 2; }
ComputeBackend dev;
try { dev = ComputeBackend.Create(kind.Value); }
catch (InvalidOperationException e) { Console.Error.WriteLine($"GpuBench: {e.Message}"); return 2; }
using var _ = dev;
var cpu = ComputeBackend.Cpu;
Console.WriteLine($"device: {dev}; CPU: {Environment.ProcessorCount} cores; sizes: {(small ? "small" : "paper")}");

int failures = 0;
void Check(string name, bool ok, string detail) { Console.WriteLine($"  {(ok ? "PASS" : "FAIL")}  {name}  {detail}"); if (!ok) failures++; }
double Time(Action a, int reps) { a(); var sw = Stopwatch.StartNew(); for (int r = 0; r < reps; r++) a(); return sw.Elapsed.TotalMilliseconds / reps; }
var table = new List<(string Workload, double Cpu, double Dev)>();

// --- gated-ReLU operator and the AIHT streamed step (n, d, m, s as iht-planted's paper preset) ---
int n = small ? 2000 : 50_000, d = small ? 20 : 100, m = 10, s = small ? 50 : 500;
var inst = PlantedInstance.Generate(RngKey.FromSeed(1), 0, n, d, m, s);
var opCpu = inst.Operator(); var opDev = inst.Operator(); opDev.Provider = dev;
var r = new double[n]; RngKey.FromSeed(2).Stream().FillGaussian(r);
double[] g1 = new double[opCpu.Cols], g2 = new double[opCpu.Cols];
opCpu.ApplyAdjoint(r, g1); opDev.ApplyAdjoint(r, g2);
// bit-equal on the CPU accelerator; on CUDA ptxas may fuse a double multiply and add (a few ulps)
bool exact = dev.Kind == BackendKind.IlgpuCpu;
bool Near(double[] p, double[] q) => exact ? p.AsSpan().SequenceEqual(q) : p.Zip(q).All(t => Math.Abs(t.First - t.Second) <= 1e-12 * (1 + Math.Abs(t.First)));
string MaxDiff(double[] p, double[] q) => $"max |Δ| = {p.Zip(q).Max(t => Math.Abs(t.First - t.Second)):G3} ({(exact ? "bit-equal required" : "tolerance 1e-12 relative")})";
Check("gated-relu adjoint", Near(g1, g2), MaxDiff(g1, g2));
var w = TopSelector.HardThreshold(g1, s);
double[] y1 = new double[n], y2 = new double[n];
opCpu.Apply(g1, y1); opDev.Apply(g1, y2);
Check("gated-relu forward", Near(y1, y2), MaxDiff(y1, y2));
SparseWeights Step(GatedReluOperator op)
{
    var chunks = Enumerable.Range(0, GatedReluOperator.ChunkCount).Select(_ => new TopSelector(s)).ToArray();
    var result = new TopSelector(s);
    op.StreamedThresholdStep(w, r, 1e-3, chunks, result);
    return result.ToSparse(op.Cols);
}
var st1 = Step(opCpu); var st2 = Step(opDev);
int common = st1.Indices.Intersect(st2.Indices).Count();
Check("AIHT streamed step (top-s)", exact ? common == st1.Count : common >= 0.99 * st1.Count, $"{common} of {st1.Count} kept entries shared");
table.Add(($"AIHT streamed step n={n} d={d} m={m} s={s}", Time(() => Step(opCpu), 3), Time(() => Step(opDev), 5)));
var aihtOptions = new AihtOptions { Sparsity = s, Steps = small ? 3 : 10, PatternPeriod = 1 };
table.Add(($"AIHT {aihtOptions.Steps} steps (A_S products on CPU)", Time(() => Aiht.Solve(inst.Operator(), inst.Labels, aihtOptions), 1),
    Time(() => { var op = inst.Operator(); op.Provider = dev; Aiht.Solve(op, inst.Labels, aihtOptions); }, 1)));

// --- top-s, Gray code, subset sums, breakpoint counts (exact: must be equal) ---
var v = new double[small ? 2000 : 15_000]; RngKey.FromSeed(3).Stream().FillGaussian(v);
Check("top-s rank", cpu.TopS(v, 300, TopRule.Official).SequenceEqual(dev.TopS(v, 300, TopRule.Official)), $"len {v.Length}, s 300");
table.Add(($"top-s len={v.Length} s=300", Time(() => cpu.TopS(v, 300, TopRule.Official), 3), Time(() => dev.TopS(v, 300, TopRule.Official), 3)));
int units = small ? 12 : 22;
var phiKey = RngKey.FromSeed(4).Stream();
var problem = new CircleProblem(1.0, 0.3, Enumerable.Range(0, units).Select(_ => 0.2 + phiKey.NextDouble()).ToArray(), Enumerable.Range(0, units).Select(_ => phiKey.NextDouble() * 2 * Math.PI).ToArray());
var grid = new QuantizedGrid(problem, 512, Arch.A);
Check("gray-code top-64", cpu.GrayCodeTop(grid, 64).Items.SequenceEqual(dev.GrayCodeTop(grid, 64).Items), $"N = {units}, M = 512");
table.Add(($"gray-code N={units} M=512 top-64", Time(() => cpu.GrayCodeTop(grid, 64), 1), Time(() => dev.GrayCodeTop(grid, 64), 1)));
var vals = new double[small ? 14 : 24]; RngKey.FromSeed(5).Stream().FillGaussian(vals);
Check("subset sums", cpu.AllSubsetSums(vals).AsSpan().SequenceEqual(dev.AllSubsetSums(vals)), $"2^{vals.Length} sums");
table.Add(($"all subset sums 2^{vals.Length}", Time(() => cpu.AllSubsetSums(vals), 1), Time(() => dev.AllSubsetSums(vals), 1)));
double[] taus = [-2, 0, 1], hs = [0.1, 0.5, 1];
long samples = small ? 1 << 16 : 1 << 24;
var key = RngKey.FromSeed(6);
Check("breakpoint counts", cpu.BreakpointHits(key, samples, taus, hs, Environment.ProcessorCount).SequenceEqual(dev.BreakpointHits(key, samples, taus, hs, 1)), $"{samples} samples");
table.Add(($"breakpoint hits {samples} samples", Time(() => cpu.BreakpointHits(key, samples, taus, hs, Environment.ProcessorCount), 1), Time(() => dev.BreakpointHits(key, samples, taus, hs, 1), 1)));

// --- float32 GEMM (the SIMD GEMM's FMA sequence: bit-equal) ---
int gm = small ? 128 : 1024;
var a = new float[gm * gm]; var b = new float[gm * gm]; var rng = RngKey.FromSeed(7).Stream();
for (int i = 0; i < a.Length; i++) { a[i] = (float)rng.NextGaussian(); b[i] = (float)rng.NextGaussian(); }
float[] c1 = new float[gm * gm], c2 = new float[gm * gm];
cpu.Gemm(false, false, gm, gm, gm, 1f, a, b, 0f, c1); dev.Gemm(false, false, gm, gm, gm, 1f, a, b, 0f, c2);
double gemmErr = c1.Zip(c2).Max(p => Math.Abs(p.First - p.Second));
Check("float32 GEMM", c1.AsSpan().SequenceEqual(c2), $"max |Δ| = {gemmErr:G3} (bit-equal required: same FMA sequence, FMA exact everywhere)");
table.Add(($"float32 GEMM {gm}³ (incl. transfers)", Time(() => cpu.Gemm(false, false, gm, gm, gm, 1f, a, b, 0f, c1), 3), Time(() => dev.Gemm(false, false, gm, gm, gm, 1f, a, b, 0f, c2), 3)));

Console.WriteLine();
Console.WriteLine($"| workload | SIMD CPU ms | {dev.Kind} ms | speed-up |");
Console.WriteLine("|---|---|---|---|");
foreach (var (wl, tc, td) in table) Console.WriteLine($"| {wl} | {tc:F2} | {td:F2} | {tc / td:F1}× |");
Console.WriteLine(failures == 0 ? "all checks passed" : $"{failures} check(s) FAILED");
return failures == 0 ? 0 : 1;
