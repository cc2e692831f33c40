namespace PruneTheory.Restoration;

/// <summary>How the delivery matrix Z is built: prune-only (Z rows of pruned neurons are 0), Neuron Merging, LBYL.</summary>
public enum RestoreMethod { Prune, NeuronMerging, Lbyl }

/// <summary>Per-neuron pruning score; the m largest scores are kept (spec §3.1).</summary>
public enum PruningCriterion { L1Norm, L2Norm, L2GeometricMedian }

/// <summary>Kept count from n·(1−r): half-to-even rounding (FC/LeNet) or floor (conv nets), spec §3.2.</summary>
public enum KeepCountRule { Round, Floor }

/// <summary>CodeExact reproduces the official code (quirks Q1–Q6); Corrected is algebraically consistent.</summary>
public enum RestoreMode { CodeExact, Corrected }

/// <summary>Q1: the σ that feeds g, t, K, S, B. The forward pass always uses √(ν+ε).</summary>
public enum SigmaMode { RunningVar, SqrtVarPlusEps }

/// <summary>Q2: NM conv-BN scale. Official swaps p and k (S = s·g_k/g_p); corrected S = s·g_p/g_k.</summary>
public enum NmScaleOrientation { Official, Corrected }

/// <summary>What happens when a ridge system is not positive definite (spec §7 numerics).</summary>
public enum SolverFallback { None, Svd }
