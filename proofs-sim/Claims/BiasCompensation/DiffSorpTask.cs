using PruneTheory.Networks;
using PruneTheory.Pdes;
using PruneTheory.Pruning.BiasCompensation;
using PruneTheory.Random;

namespace PruneTheory.ProofsSim.Claims.BiasCompensation;

/// <summary>
/// Learning task (A) of spec §10 on the diffusion–sorption data: (c, x, t) → u with inputs scaled to [−1, 1] as
/// (c/0.1 − 1, 2x − 1, t/250 − 1), targets from snapshots k = 1..100; points drawn uniformly from (trajectory, snapshot, cell).
/// </summary>
public static class DiffSorpTask
{
    public sealed record Points(double[] X, double[] U, int Count);

    /// <summary>Trajectories [first, first+count) from the solver, cached on disk.</summary>
    public static DiffusionSorptionDataset Trajectories(ulong dataSeed, int first, int count) =>
        DiffusionSorptionCache.GetOrGenerate(new DiffusionSorptionSettings(), dataSeed, first, count);

    public static Points Sample(DiffusionSorptionDataset d, int count, RngKey key)
    {
        var s = key.Stream();
        int cells = d.Settings.Cells, snaps = d.Settings.Snapshots;
        var x = new double[count * 3]; var u = new double[count];
        for (int p = 0; p < count; p++)
        {
            int j = s.NextInt(d.Count), k = 1 + s.NextInt(snaps - 1), i = s.NextInt(cells);
            double c = d.InitialValues[j], pos = (i + 0.5) / cells, t = k * d.Settings.SnapshotSeconds;
            x[3 * p] = c / 0.1 - 1; x[3 * p + 1] = 2 * pos - 1; x[3 * p + 2] = t / 250 - 1;
            u[p] = d.Snapshot(j, k)[i];
        }
        return new Points(x, u, count);
    }

    /// <summary>Targets with N(0, σ²) noise, σ = η·std(u) pooled over the points, one draw per point.</summary>
    public static double[] Noisy(double[] u, double eta, RngKey key)
    {
        if (eta == 0) return (double[])u.Clone();
        double m = u.Average(), sd = Math.Sqrt(u.Sum(v => (v - m) * (v - m)) / (u.Length - 1)), sigma = eta * sd;
        var s = key.Stream();
        return u.Select(v => v + sigma * s.NextGaussian()).ToArray();
    }

    public static LabeledData ToLabeled(double[] x, double[] y, int count) =>
        new(new Tensor([count, 3], EngineAdapter.ToFloat(x)), targets: new Tensor([count, 1], EngineAdapter.ToFloat(y)));

    public static CalibrationSet ToCalibration(double[] x, double[] y, int count) => new(x, y, count, 3, 1, CalibrationLoss.HalfSquaredError);
}
