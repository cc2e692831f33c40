using FsCheck.Xunit;
using MathNet.Numerics.LinearAlgebra;
using PruneTheory.Restoration;
using Xunit;
using static PruneTheory.Tests.Restoration.TinyNets;

namespace PruneTheory.Tests.Restoration;

/// <summary>LBYL recovers linear combinations exactly (λ → 0) and minimises its own objective (spec §10.4).</summary>
public class LbylTests
{
    private static readonly int[] Kept = [1, 2, 4, 6];

    /// <summary>FC: ŵ_p = X c* (bias included), so the centred ridge with λ2 = 0 returns c*; with positive pre-activations the outputs are exact.</summary>
    [Property(MaxTest = 40)]
    public void Fc_linear_combinations_are_recovered_and_exact(int seed)
    {
        var r = Rng(seed, "lbyl-fc");
        int n = 7, d = 6, n2 = 3;
        var w = Gaussian(r, n, d) * 0.1; var b = Uniform(r, n, 2, 3); // small weights, large biases: all pre-activations > 0 for |x| ≤ 1
        var coefficients = new Dictionary<int, double[]>();
        foreach (int p in Criteria.Complement(n, Kept))
        {
            var cs = Uniform(r, Kept.Length, 0.05, 1);
            coefficients[p] = cs;
            w.SetRow(p, Kept.Select((k, j) => w.Row(k) * cs[j]).Aggregate((u, q) => u + q));
            b[p] = Kept.Select((k, j) => b[k] * cs[j]).Sum();
        }
        var layer = new PrunableLayer("fc", w, b);
        var res = Restorer.WithKept(layer, RestoreMethod.Lbyl, PruningCriterion.L2Norm, Kept,
            new RestoreOptions { Lambda2 = 0, CrossCheckQr = true }.Resolve(false));
        foreach (var (p, cs) in coefficients)
            for (int j = 0; j < Kept.Length; j++) Assert.True(Math.Abs(res.Z[p, j] - cs[j]) < 1e-8, $"Z[{p},{j}] = {res.Z[p, j]} vs {cs[j]}");
        var v = Gaussian(r, n2, n); var c = Uniform(r, n2, -1, 1);
        var w2 = Delivery.SliceRows(w, Kept); var b2 = Kept.Select(i => b[i]).ToArray(); var v2 = Delivery.ApplyToConsumer(v, res.Z);
        var x = Vector<double>.Build.Dense(d, _ => r.NextUniform(-1, 1));
        var before = TwoLayer(w, b, v, c, x).ToArray(); var after = TwoLayer(w2, b2, v2, c, x).ToArray();
        Assert.True(MaxAbsDiff(before, after) <= 1e-8 * (1 + MaxAbs(before)), $"max diff {MaxAbsDiff(before, after)}");
    }

    /// <summary>Conv+BN Corrected: w_p = Xc*, t_p = tᵀc*; λ2 = 0 (λ1 any) recovers c* and N_p = Σ_j Z[p,j]·N_kj to 1e-10.</summary>
    [Property(MaxTest = 40)]
    public void ConvBn_corrected_reproduces_consistent_combinations(int seed)
    {
        var r = Rng(seed, "lbyl-conv");
        int n = 7, d = 9;
        var w = Gaussian(r, n, d); var bn = RandomBn(r, n);
        var sigma = bn.RunningVar.Select(v => Math.Sqrt(v + 1e-5)).ToArray();
        double T(int i) => bn.RunningMean[i] - sigma[i] * bn.Beta[i] / bn.Gamma[i];
        foreach (int p in Criteria.Complement(n, Kept))
        {
            var cs = Uniform(r, Kept.Length, -1, 1);
            w.SetRow(p, Kept.Select((k, j) => w.Row(k) * cs[j]).Aggregate((u, q) => u + q));
            double tp = Kept.Select((k, j) => cs[j] * T(k)).Sum();
            bn.Beta[p] = (bn.RunningMean[p] - tp) * bn.Gamma[p] / sigma[p];
        }
        var layer = new PrunableLayer("conv", w, null, bn);
        var res = Restorer.WithKept(layer, RestoreMethod.Lbyl, PruningCriterion.L2Norm, Kept,
            new RestoreOptions { Mode = RestoreMode.Corrected, Lambda1 = r.NextUniform(0, 1), Lambda2 = 0, CrossCheckQr = true }.Resolve(true));
        var x = Uniform(r, d, -1, 1);
        double N(int i) => bn.Gamma[i] * (w.Row(i).DotProduct(Vector<double>.Build.DenseOfArray(x)) - bn.RunningMean[i]) / sigma[i] + bn.Beta[i];
        foreach (int p in Criteria.Complement(n, Kept))
        {
            double delivered = Kept.Select((k, j) => res.Z[p, j] * N(k)).Sum();
            Assert.True(Math.Abs(N(p) - delivered) <= 1e-10 * (1 + Math.Abs(N(p))), $"N_{p} = {N(p)} vs delivered {delivered}");
        }
    }

    /// <summary>For every pruned p, LBYL's own objective at its row is ≤ the objective at the NM row, the zero row and a nudged row (a minimum).</summary>
    [Property(MaxTest = 30)]
    public void Objective_is_not_worse_than_nm_or_prune(int seed)
    {
        var r = Rng(seed, "lbyl-opt");
        int n = 9, d = 12;
        double l1 = r.NextUniform(0, 0.5), l2 = r.NextUniform(1e-3, 1);
        var fc = new PrunableLayer("fc", Gaussian(r, n, d), Uniform(r, n, -1, 1));
        var conv = new PrunableLayer("conv", Gaussian(r, n, d), null, RandomBn(r, n));
        foreach (var (layer, mode) in new[] { (fc, RestoreMode.CodeExact), (conv, RestoreMode.CodeExact), (conv, RestoreMode.Corrected) })
        {
            var flags = new RestoreOptions { Mode = mode, Lambda1 = l1, Lambda2 = l2, NmThreshold = 0 }.Resolve(layer.HasBatchNorm);
            var lbyl = Restorer.WithKept(layer, RestoreMethod.Lbyl, PruningCriterion.L2Norm, Kept, flags);
            var nm = Restorer.WithKept(layer, RestoreMethod.NeuronMerging, PruningCriterion.L2Norm, Kept, flags);
            foreach (int p in lbyl.Pruned)
            {
                double best = Objective.Evaluate(layer, Kept, p, lbyl.Z.Row(p), flags);
                var nudged = lbyl.Z.Row(p) + Vector<double>.Build.Dense(Kept.Length, _ => 1e-3 * r.NextGaussian());
                foreach (var other in new[] { nm.Z.Row(p), Vector<double>.Build.Dense(Kept.Length), nudged })
                {
                    double o = Objective.Evaluate(layer, Kept, p, other, flags);
                    Assert.True(best <= o * (1 + 1e-9) + 1e-12, $"{layer.Name} {mode} p={p}: LBYL {best} > {o}");
                }
            }
        }
    }
}
