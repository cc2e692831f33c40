using PruneTheory.Experiments;
using PruneTheory.Gpu;

namespace PruneTheory.ProofsSim.Cli;

/// <summary>
/// The options of one invocation that a later `resume DIR` needs again; stored in the result store's
/// settings table so a resumed run uses the same shard and figure directory.
/// </summary>
public sealed record RunSettings(string OutDir, string FiguresDir, Shard Shard, int Threads, BackendKind Backend)
{
    /// <summary>Longest time finished trials wait before they are committed (a crash loses at most this much work).</summary>
    public double CommitSeconds { get; init; } = 2.0;

    public static int ParseThreads(int? requested)
    {
        int t = requested ?? Environment.ProcessorCount;
        if (t < 1) throw new SpecException($"--threads must be >= 1 (got {t})");
        return t;
    }

    public static BackendKind ParseBackend(string text) => text.ToLowerInvariant() switch
    {
        "auto" => BackendKind.Auto,
        "cpu" => BackendKind.Cpu,
        "cuda" => BackendKind.Cuda,
        "ilgpu-cpu" => BackendKind.IlgpuCpu,
        _ => throw new SpecException($"--backend must be auto, cpu, cuda or ilgpu-cpu (got '{text}')"),
    };

    public void Save(ResultStore store)
    {
        store.SetSetting("figures_dir", FiguresDir);
        store.SetSetting("shard", Shard.ToString());
    }

    public static RunSettings Load(ResultStore store, string dir, int threads, BackendKind backend) =>
        new(dir, store.GetSetting("figures_dir") ?? "figures", Shard.Parse(store.GetSetting("shard") ?? "1/1"), threads, backend);
}
