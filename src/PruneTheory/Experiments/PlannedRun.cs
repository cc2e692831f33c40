namespace PruneTheory.Experiments;

/// <summary>A claim with a validated spec and seed, ready to run: its identity names the run.</summary>
public sealed record PlannedRun(IClaim Claim, ClaimSpec Spec, RunIdentity Identity, Scale Scale)
{
    public int TrialCount => Claim.TrialCount(Spec);

    /// <summary>Most trials one run may plan (rows of one store, and a run one machine finishes).</summary>
    public const int MaxTrials = 10_000_000;

    /// <summary>Validates the spec (one-line <see cref="SpecException"/> listing every problem) and names the run.</summary>
    public static PlannedRun Create(IClaim claim, ClaimSpec spec, ulong seed, Scale scale)
    {
        var errors = spec.Validate();
        if (errors.Count > 0) throw new SpecException($"{claim.Id}: {string.Join("; ", errors)}");
        long trials = claim.TrialCount(spec);
        if (trials < 1) throw new SpecException($"{claim.Id}: the spec gives no trials to run");
        if (trials > MaxTrials) throw new SpecException($"{claim.Id}: the spec gives {trials:N0} trials, more than the {MaxTrials:N0} one store holds");
        return new PlannedRun(claim, spec, new RunIdentity(claim.Id, CanonicalJson.Of(spec, claim.DefaultSpec()), seed), scale);
    }

    /// <summary>Rebuilds a plan from a stored run (resume, figures): the stored full spec is authoritative.</summary>
    public static PlannedRun FromStored(StoredRun run, ClaimRegistry registry)
    {
        var claim = registry.Get(run.ClaimId);
        var spec = SpecOverrides.FromJson(run.SpecJson, claim.SpecType, claim.Id);
        var plan = Create(claim, spec, run.Seed, run.Scale);
        if (plan.Identity.Name != run.Name)
            throw new StaleRunException($"stored run {run.Name} was made by another version of its claim (its spec now hashes to {plan.Identity.Name}); re-run the claim");
        return plan;
    }

    /// <summary>The stored runs that this version of the suite can still summarise; the others are reported through <paramref name="warn"/>.</summary>
    public static List<PlannedRun> FromStore(ResultStore store, ClaimRegistry registry, Action<string> warn)
    {
        var plans = new List<PlannedRun>();
        foreach (var run in store.Runs())
        {
            try { plans.Add(FromStored(run, registry)); }
            catch (Exception e) when (e is StaleRunException or SpecException) { warn($"skipped: {e.Message}"); }
        }
        return plans;
    }

    public StoredRun ToStored() =>
        new(Identity.Name, Claim.Id, CanonicalJson.Full(Spec), Identity.Hash, Identity.Seed, Scale, TrialCount);
}

/// <summary>A stored run whose claim has changed since (its spec no longer hashes to the stored name).</summary>
public sealed class StaleRunException(string message) : StoreException(message);
