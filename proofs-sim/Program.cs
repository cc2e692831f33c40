using PruneTheory.ProofsSim.Cli;

// Ctrl+C stops scheduling trials; finished ones are committed, and `resume DIR` continues.
using var cts = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cts.Cancel(); };
return ProofsSimMain.Run(args, cts.Token);
