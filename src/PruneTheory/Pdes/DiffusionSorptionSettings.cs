namespace PruneTheory.Pdes;

/// <summary>Discretisation of the diffusion–sorption solver (spec §10 defaults: 1024 cells, h = 0.5 s, 101 snapshots every 5 s).</summary>
public sealed record DiffusionSorptionSettings
{
    public int Cells { get; init; } = 1024;
    public double StepSeconds { get; init; } = 0.5;
    public double SnapshotSeconds { get; init; } = 5.0;
    public int Snapshots { get; init; } = 101;
    public double NewtonTolerance { get; init; } = 1e-10;
    public int MaxNewtonIterations { get; init; } = 50;

    /// <summary>Time steps between snapshots; throws unless the snapshot interval is a whole number of steps.</summary>
    public int StepsPerSnapshot
    {
        get
        {
            double r = SnapshotSeconds / StepSeconds;
            int k = (int)Math.Round(r);
            if (k < 1 || Math.Abs(r - k) > 1e-9 * r)
                throw new ArgumentException($"snapshot interval {SnapshotSeconds} s is not a whole number of steps of {StepSeconds} s");
            return k;
        }
    }

    public void Validate()
    {
        if (Cells < 3) throw new ArgumentException($"need at least 3 cells, got {Cells}");
        if (!(StepSeconds > 0) || !double.IsFinite(StepSeconds)) throw new ArgumentException($"step must be positive, got {StepSeconds}");
        if (Snapshots < 1) throw new ArgumentException($"need at least one snapshot, got {Snapshots}");
        if (!(NewtonTolerance > 0)) throw new ArgumentException("Newton tolerance must be positive");
        if (MaxNewtonIterations < 1) throw new ArgumentException("need at least one Newton iteration");
        _ = StepsPerSnapshot;
    }
}
