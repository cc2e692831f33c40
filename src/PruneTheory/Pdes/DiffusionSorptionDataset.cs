using PruneTheory.Random;

namespace PruneTheory.Pdes;

/// <summary>
/// Trajectories of samples [First, First+Count): sample s starts from the constant c_s ~ U(0, 0.2) drawn
/// from Philox key (seed, "diffsorp-ic", s), so any sample is reproducible on its own. Values are float32,
/// laid out sample-major: Values[(s·Snapshots + k)·Cells + i].
/// </summary>
public sealed record DiffusionSorptionDataset(DiffusionSorptionSettings Settings, ulong Seed, int First, int Count, double[] InitialValues, float[] Values)
{
    public const double MaxInitialValue = 0.2;

    /// <summary>Initial constant of sample <paramref name="sample"/> under <paramref name="seed"/>.</summary>
    public static double InitialValue(ulong seed, int sample) =>
        RngKey.FromSeed(seed).FoldIn("diffsorp-ic").FoldIn((ulong)sample).Stream().NextUniform(0, MaxInitialValue);

    /// <summary>Snapshot k of sample First + j.</summary>
    public ReadOnlySpan<float> Snapshot(int j, int k) =>
        Values.AsSpan((j * Settings.Snapshots + k) * Settings.Cells, Settings.Cells);

    /// <summary>
    /// Solves samples [first, first+count) in parallel (each sample single-threaded, so results do not depend
    /// on the thread count). O(count × cells × steps).
    /// </summary>
    public static DiffusionSorptionDataset Generate(DiffusionSorptionSettings settings, ulong seed, int first, int count, int maxThreads = -1)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        if (first < 0 || count < 1) throw new ArgumentException($"bad sample range first={first}, count={count}");
        int per = settings.Snapshots * settings.Cells;
        var values = new float[(long)count * per];
        var cs = new double[count];
        Parallel.For(0, count, PruneTheory.Numerics.Parallelism.Options(maxThreads), () => new DiffusionSorptionSolver(settings),
            (j, _, solver) =>
            {
                cs[j] = InitialValue(seed, first + j);
                var traj = solver.Solve(cs[j]);
                for (int q = 0; q < per; q++) values[(long)j * per + q] = (float)traj[q];
                return solver;
            }, _ => { });
        return new DiffusionSorptionDataset(settings, seed, first, count, cs, values);
    }
}
