using BenchmarkDotNet.Running;

// Every benchmark class of this assembly; choose with --filter, e.g. --filter '*Gemm*'.
BenchmarkSwitcher.FromAssembly(typeof(PruneTheory.Bench.Random.PhiloxBenchmarks).Assembly).Run(args);
