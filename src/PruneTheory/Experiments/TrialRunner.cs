using System.Collections.Concurrent;
using System.Diagnostics;
using PruneTheory.Gpu;

namespace PruneTheory.Experiments;

/// <summary>How to execute trials: worker threads, the shard of trials to own, and the block size of commits.</summary>
public sealed record ExecutionOptions(int Threads, Shard Shard, int CommitEvery = 256, double CommitSeconds = 2.0);

/// <summary>A trial threw: names the claim and the trial so it can be replayed alone.</summary>
public sealed class TrialFailedException(string claimId, int trial, Exception inner)
    : Exception($"trial {trial} of {claimId} failed: {inner.Message}", inner);

/// <summary>
/// Runs the missing trials of a run (this shard's, not yet stored) in parallel and commits them in
/// blocks. Trials are pure functions of (seed, claim, trial), so stored rows do not depend on threads,
/// shards or interruptions; resuming just runs what is missing.
/// </summary>
public static class TrialRunner
{
    /// <returns>The number of trials run now.</returns>
    public static int Execute(ResultStore store, PlannedRun run, ExecutionOptions options, ComputeBackend backend,
        Action<int>? onTrialsCommitted = null, CancellationToken cancellation = default)
    {
        if (options.Threads < 1) throw new ArgumentOutOfRangeException(nameof(options), "threads must be >= 1");
        store.Register(run.ToStored());
        string name = run.Identity.Name;
        var done = store.CompletedTrials(name); // also checks the stored indices against the plan
        int[] todo = Enumerable.Range(0, run.TrialCount).Where(i => options.Shard.Owns(i) && !done.Contains(i)).ToArray();
        if (todo.Length == 0) return 0;

        // Few trials: give each more threads inside; many trials: one thread each.
        int inner = Math.Max(1, options.Threads / Math.Min(options.Threads, todo.Length));
        using var queue = new BlockingCollection<(int Trial, string Payload, double Seconds)>();
        // A failed commit (conflict, disk full) stops the workers before the error leaves this method.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        var worker = Task.Run(() =>
        {
            try
            {
                var po = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.Threads / inner), CancellationToken = stop.Token };
                Parallel.ForEach(System.Collections.Concurrent.Partitioner.Create(todo, EnumerablePartitionerOptions.NoBuffering), po, i =>
                {
                    var ctx = new TrialContext(run.Identity.Seed, run.Claim.Id, i, backend, inner, stop.Token);
                    string payload;
                    // The runner owns the thread budget: numeric kernels inside the trial use at most `inner` threads.
                    using var budget = PruneTheory.Numerics.Parallelism.Limit(inner);
                    using var provider = ComputeBackend.Use(backend); // the networks engine's GEMMs take the run's provider
                    var clock = Stopwatch.StartNew();
                    try { payload = run.Claim.RunTrial(run.Spec, ctx); }
                    catch (OperationCanceledException) { throw; }
                    catch (Exception e) { throw new TrialFailedException(run.Claim.Id, i, e); }
                    queue.Add((i, payload, clock.Elapsed.TotalSeconds));
                });
            }
            finally { queue.CompleteAdding(); }
        }, CancellationToken.None);

        // A finished trial waits at most CommitSeconds: the consumer wakes on that deadline even when no
        // further trial finishes (a block is flushed by age, not only when the next row arrives).
        var block = new List<(int, string)>();
        var seconds = new List<double>();
        var age = new Stopwatch();
        int committed = 0;
        void Flush()
        {
            store.AddTrials(name, block, seconds);
            committed += block.Count;
            onTrialsCommitted?.Invoke(block.Count);
            block.Clear();
            seconds.Clear();
            age.Reset();
        }
        var wait = TimeSpan.FromSeconds(Math.Min(options.CommitSeconds, 0.25));
        try
        {
            while (!queue.IsCompleted)
            {
                if (queue.TryTake(out var item, wait))
                {
                    if (block.Count == 0) age.Restart();
                    block.Add((item.Trial, item.Payload));
                    seconds.Add(item.Seconds);
                }
                if (block.Count > 0 && (block.Count >= options.CommitEvery || age.Elapsed.TotalSeconds >= options.CommitSeconds)) Flush();
            }
            Flush();
        }
        catch
        {
            stop.Cancel();
            try { worker.Wait(CancellationToken.None); } catch (AggregateException) { }
            throw;
        }
        try { worker.Wait(CancellationToken.None); }
        catch (AggregateException e)
        {
            var flat = e.Flatten().InnerExceptions;
            var failure = flat.FirstOrDefault(x => x is TrialFailedException) ?? flat.FirstOrDefault(x => x is not OperationCanceledException);
            if (failure is not null) throw failure;
            throw new OperationCanceledException("run interrupted; completed trials are stored", e, cancellation);
        }
        return committed;
    }
}
