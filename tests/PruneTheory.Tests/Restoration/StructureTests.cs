using FsCheck.Xunit;
using MathNet.Numerics.LinearAlgebra;
using PruneTheory.Restoration;
using Xunit;
using static PruneTheory.Tests.Restoration.TinyNets;

namespace PruneTheory.Tests.Restoration;

/// <summary>Identity at 0 %, prune-only = column slice, permutation equivariance, original-weights order (spec §10.4).</summary>
public class StructureTests
{
    public static TheoryData<RestoreMethod, bool> MethodsAndBn() => new()
    {
        { RestoreMethod.Prune, false }, { RestoreMethod.NeuronMerging, false }, { RestoreMethod.Lbyl, false },
        { RestoreMethod.Prune, true }, { RestoreMethod.NeuronMerging, true }, { RestoreMethod.Lbyl, true },
    };

    private static PrunableLayer RandomLayer(PruneTheory.Random.RandomStream r, int n, int d, bool bn) =>
        bn ? new PrunableLayer("conv", Gaussian(r, n, d), null, RandomBn(r, n)) : new PrunableLayer("fc", Gaussian(r, n, d), Uniform(r, n, -1, 1));

    [Theory, MemberData(nameof(MethodsAndBn))]
    public void Zero_ratio_is_the_identity(RestoreMethod method, bool bn)
    {
        var layer = RandomLayer(Rng(1, "id"), 8, 10, bn);
        foreach (var mode in new[] { RestoreMode.CodeExact, RestoreMode.Corrected })
        {
            var res = Restorer.Restore(layer, method, PruningCriterion.L2Norm, 0.0, new RestoreOptions { Mode = mode, Lambda1 = 0.1 });
            Assert.Equal(Enumerable.Range(0, 8), res.Kept);
            Assert.Empty(res.Pruned);
            Assert.Equal(Matrix<double>.Build.DenseIdentity(8), res.Z);
        }
    }

    [Property(MaxTest = 20)]
    public void Prune_only_is_a_column_slice(int seed)
    {
        var r = Rng(seed, "slice");
        var layer = RandomLayer(r, 9, 4, false);
        var res = Restorer.Restore(layer, RestoreMethod.Prune, PruningCriterion.L1Norm, 0.5, new RestoreOptions());
        var v = Gaussian(r, 3, 9);
        var expected = Matrix<double>.Build.Dense(3, res.Kept.Length, (o, j) => v[o, res.Kept[j]]);
        Assert.Equal(expected, Delivery.ApplyToConsumer(v, res.Z));
    }

    /// <summary>Permuting ℓ's neurons permutes 𝒦 and Z's rows (columns follow the ascending kept order); permuting ℓ's inputs changes nothing.</summary>
    [Property(MaxTest = 15)]
    public void Permutation_equivariance(int seed)
    {
        var r = Rng(seed, "perm");
        int n = 10, d = 12;
        foreach (bool bn in new[] { false, true })
            foreach (var method in new[] { RestoreMethod.NeuronMerging, RestoreMethod.Lbyl })
                foreach (var criterion in Enum.GetValues<PruningCriterion>())
                {
                    var layer = RandomLayer(r, n, d, bn);
                    var options = new RestoreOptions { Lambda1 = 0.01, Lambda2 = 0.1, NmThreshold = 0 };
                    var baseRes = Restorer.Restore(layer, method, criterion, 0.4, options);
                    var pi = r.Permutation(n); // new neuron i is old neuron pi[i]
                    var permuted = PermuteNeurons(layer, pi);
                    var res = Restorer.Restore(permuted, method, criterion, 0.4, options);
                    Assert.Equal(baseRes.Kept.Select(k => Array.IndexOf(pi, k)).Order(), res.Kept);
                    // Compare Z as maps old neuron → old kept neuron.
                    for (int i = 0; i < n; i++)
                        for (int j = 0; j < res.Kept.Length; j++)
                        {
                            int oldRow = pi[i], oldCol = Array.IndexOf(baseRes.Kept, pi[res.Kept[j]]);
                            Assert.True(Math.Abs(res.Z[i, j] - baseRes.Z[oldRow, oldCol]) < 1e-9, $"Z mismatch at ({i},{j}) bn={bn} {method} {criterion}");
                        }
                    var inputPerm = r.Permutation(layer.Weight.ColumnCount);
                    var w2 = Matrix<double>.Build.Dense(n, d, (i, c) => layer.Weight[i, inputPerm[c]]);
                    var res2 = Restorer.Restore(new PrunableLayer(layer.Name, w2, layer.Bias, layer.Bn), method, criterion, 0.4, options);
                    Assert.Equal(baseRes.Kept, res2.Kept);
                    Assert.True((res2.Z - baseRes.Z).Enumerate().All(e => Math.Abs(e) < 1e-9), "input permutation changed Z");
                }
    }

    /// <summary>Degenerate but valid layers (zero pruned rows, duplicated rows, equal BN) never put NaN/∞ into Z when λ2 &gt; 0.</summary>
    [Property(MaxTest = 20)]
    public void No_nan_reaches_z_on_degenerate_layers(int seed)
    {
        var r = Rng(seed, "degenerate");
        foreach (bool bn in new[] { false, true })
        {
            var layer = RandomLayer(r, 8, 5, bn);
            layer.Weight.SetRow(7, layer.Weight.Row(0)); // duplicate
            layer.Weight.ClearRow(6);                    // zero neuron (lowest score → pruned)
            if (layer.Bias != null) layer.Bias[6] = 0;
            if (layer.Bn != null) { layer.Bn.Gamma[3] = layer.Bn.Gamma[2]; layer.Bn.RunningVar[3] = layer.Bn.RunningVar[2]; }
            foreach (var mode in new[] { RestoreMode.CodeExact, RestoreMode.Corrected })
                foreach (var method in Enum.GetValues<RestoreMethod>())
                {
                    var res = Restorer.Restore(layer, method, PruningCriterion.L2Norm, 0.5, new RestoreOptions { Mode = mode, Lambda1 = 0.1, Lambda2 = 0.1, NmThreshold = 0 });
                    Assert.True(res.Z.Enumerate().All(double.IsFinite), $"{method} {mode} bn={bn}");
                }
        }
    }

    /// <summary>Each layer's (𝒦, Z) comes from its original weights: restoring the chain equals per-layer restoration of the originals.</summary>
    [Fact]
    public void Chain_uses_original_weights_for_every_layer()
    {
        var r = Rng(3, "chain");
        var layers = new[] { new DenseLayer("a", Gaussian(r, 12, 6), Uniform(r, 12, -1, 1)), new DenseLayer("b", Gaussian(r, 8, 12), Uniform(r, 8, -1, 1)), new DenseLayer("c", Gaussian(r, 3, 8), Uniform(r, 3, -1, 1)) };
        var options = new RestoreOptions { Lambda2 = 0.2 };
        var (restored, results) = DenseChainRestorer.Restore(layers, RestoreMethod.Lbyl, PruningCriterion.L2Norm, 0.5, options);
        var alone = Restorer.Restore(new PrunableLayer("b", layers[1].Weight, layers[1].Bias), RestoreMethod.Lbyl, PruningCriterion.L2Norm, 0.5, options);
        Assert.Equal(alone.Kept, results[1].Kept);
        Assert.Equal(alone.Z, results[1].Z);
        var expectedB = Delivery.SliceRows(Delivery.ApplyToConsumer(layers[1].Weight, results[0].Z), results[1].Kept);
        Assert.Equal(expectedB, restored[1].Weight);
        Assert.Equal(Delivery.ApplyToConsumer(layers[2].Weight, results[1].Z), restored[2].Weight);
        Assert.Equal(layers[2].Bias, restored[2].Bias);
    }

    private static PrunableLayer PermuteNeurons(PrunableLayer l, int[] pi)
    {
        var w = Matrix<double>.Build.Dense(l.Count, l.Weight.ColumnCount, (i, c) => l.Weight[pi[i], c]);
        double[]? P(double[]? a) => a == null ? null : pi.Select(i => a[i]).ToArray();
        var bn = l.Bn == null ? null : new BatchNormParams(P(l.Bn.Gamma)!, P(l.Bn.Beta)!, P(l.Bn.RunningMean)!, P(l.Bn.RunningVar)!);
        return new PrunableLayer(l.Name, w, P(l.Bias), bn);
    }
}
