using System.Text.Json;

namespace PruneTheory.Experiments;

/// <summary>
/// Everything a run, resume or summary will read from an existing store, checked read-only before anything is written
/// to it: the planned runs agree with the stored ones (claim, spec, seed, scale, trial count), every run's trial
/// indices lie in its plan, and every row parses as its claim's trial. So a damaged or altered store is refused
/// untouched, instead of being found out halfway.
/// </summary>
public static class StoreCheck
{
    public static void BeforeWriting(ResultStore store, IEnumerable<PlannedRun> plans, ClaimRegistry registry)
    {
        foreach (var plan in plans)
        {
            var wanted = plan.ToStored();
            if (store.GetRun(wanted.Name) is { } existing &&
                (existing.SpecJson != wanted.SpecJson || existing.TrialCount != wanted.TrialCount || existing.ClaimId != wanted.ClaimId
                 || existing.Seed != wanted.Seed || existing.Scale != wanted.Scale))
                throw new StaleRunException($"run {wanted.Name} is stored in {store.Path} with another claim, full spec, seed, scale or trial count " +
                    "(a claim default changed since it ran, or the store was altered): use another --out directory or move that store away");
        }
        foreach (var run in store.Runs())
        {
            var rows = store.Trials(run.Name);
            if (!registry.TryGet(run.ClaimId, out var claim)) continue; // reported as skipped by the summary
            try { claim.CheckPayloads(rows.Select(r => r.Payload).ToList()); }
            catch (JsonException e)
            {
                throw new StoreException($"{store.Path}: a stored row of run {run.Name} is not a {run.ClaimId} trial ({e.Message.Split('.')[0]}): the store was altered; it was left as it is");
            }
        }
    }
}
