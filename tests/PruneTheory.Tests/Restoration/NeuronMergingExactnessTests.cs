using FsCheck.Xunit;
using MathNet.Numerics.LinearAlgebra;
using PruneTheory.Restoration;
using Xunit;
using static PruneTheory.Tests.Restoration.TinyNets;

namespace PruneTheory.Tests.Restoration;

/// <summary>NM is exact when every pruned neuron is a positive multiple of a kept one (spec §10.4).</summary>
public class NeuronMergingExactnessTests
{
    private static readonly int[] Kept = [0, 2, 3, 5];

    [Property(MaxTest = 40)]
    public void Fc_positive_multiples_are_merged_exactly(int seed)
    {
        var r = Rng(seed, "nm-fc");
        int n = 7, d = 5, n2 = 4;
        var w = Gaussian(r, n, d); var b = Uniform(r, n, -1, 1);
        foreach (int p in Criteria.Complement(n, Kept))
        {
            int k = Kept[r.NextInt(Kept.Length)]; double a = r.NextUniform(0.1, 3);
            w.SetRow(p, w.Row(k) * a); b[p] = a * b[k];
        }
        var v = Gaussian(r, n2, n); var c = Uniform(r, n2, -1, 1);
        var layer = new PrunableLayer("fc", w, b);
        var res = Restorer.WithKept(layer, RestoreMethod.NeuronMerging, PruningCriterion.L2Norm, Kept,
            new RestoreOptions { Mode = RestoreMode.Corrected }.Resolve(false));
        Assert.Equal(n - Kept.Length, res.MergedCount);
        var w2 = Delivery.SliceRows(w, Kept); var b2 = Kept.Select(i => b[i]).ToArray();
        var v2 = Delivery.ApplyToConsumer(v, res.Z);
        for (int trial = 0; trial < 5; trial++)
        {
            var x = Vector<double>.Build.Dense(d, _ => r.NextGaussian());
            var before = TwoLayer(w, b, v, c, x).ToArray(); var after = TwoLayer(w2, b2, v2, c, x).ToArray();
            Assert.True(MaxAbsDiff(before, after) <= 1e-10 * (1 + MaxAbs(before)), $"max diff {MaxAbsDiff(before, after)}");
        }
    }

    /// <summary>Filters w_p = s·w_k with BN t_p = s·t_k and γ_p/γ_k &gt; 0; the consumer is a conv, or a flatten→FC.</summary>
    [Property(MaxTest = 15)]
    public void ConvBn_corrected_mode_is_exact_for_consistent_multiples(int seed)
    {
        var r = Rng(seed, "nm-conv");
        int cin = 2, h = 4, wd = 4, n = 7, n2 = 3;
        var (w, bn) = ConsistentMultiples(r, cin * 9, n, Kept, sameBn: false);
        var layer = new PrunableLayer("conv", w, null, bn);
        var options = new RestoreOptions { Mode = RestoreMode.Corrected, NmLambda = 1.0 };
        var res = Restorer.WithKept(layer, RestoreMethod.NeuronMerging, PruningCriterion.L2Norm, Kept, options.Resolve(true));
        Assert.Equal(n - Kept.Length, res.MergedCount);
        var convNext = Gaussian(r, n2, n * 9);
        var fcNext = Gaussian(r, n2, n * h * wd);
        var (w2, bn2) = (Delivery.SliceRows(w, Kept), bn.Slice(Kept));
        var conv2 = Delivery.ApplyToConsumer(convNext, res.Z, 9);
        var fc2 = Delivery.ApplyToConsumer(fcNext, res.Z, h * wd);
        for (int trial = 0; trial < 3; trial++)
        {
            var x = Uniform(r, cin * h * wd, -1, 1);
            var before = ConvBnConv(x, cin, h, wd, w, bn, convNext); var after = ConvBnConv(x, cin, h, wd, w2, bn2, conv2);
            Assert.True(MaxAbsDiff(before, after) <= 1e-10 * (1 + MaxAbs(before)), $"conv consumer: max diff {MaxAbsDiff(before, after)}");
            before = ConvBnFc(x, cin, h, wd, w, bn, fcNext); after = ConvBnFc(x, cin, h, wd, w2, bn2, fc2);
            Assert.True(MaxAbsDiff(before, after) <= 1e-10 * (1 + MaxAbs(before)), $"flatten consumer: max diff {MaxAbsDiff(before, after)}");
        }
    }

    /// <summary>With γ_p = γ_k and ν_p = ν_k the official and corrected scales coincide (S = s), so both modes give the same Z.</summary>
    [Property(MaxTest = 20)]
    public void ConvBn_modes_coincide_when_bn_scales_are_equal(int seed)
    {
        var r = Rng(seed, "nm-modes");
        var (w, bn) = ConsistentMultiples(r, 9, 7, Kept, sameBn: true);
        var layer = new PrunableLayer("conv", w, null, bn);
        var exact = Restorer.WithKept(layer, RestoreMethod.NeuronMerging, PruningCriterion.L2Norm, Kept,
            new RestoreOptions { Mode = RestoreMode.CodeExact, NmLambda = 1.0 }.Resolve(true));
        var corrected = Restorer.WithKept(layer, RestoreMethod.NeuronMerging, PruningCriterion.L2Norm, Kept,
            new RestoreOptions { Mode = RestoreMode.Corrected, NmLambda = 1.0 }.Resolve(true));
        Assert.True((exact.Z - corrected.Z).Enumerate().All(e => Math.Abs(e) <= 1e-12), "Z differs between modes");
        Assert.Equal(RestoreMode.CodeExact, exact.Flags.Mode);
        Assert.Equal(NmScaleOrientation.Official, exact.Flags.NmScale);
        Assert.Equal(NmScaleOrientation.Corrected, corrected.Flags.NmScale);
    }

    /// <summary>Random filters and BN, then each pruned filter set to s·(its parent) with t_p = s·t_k (β_p solved for).</summary>
    internal static (Matrix<double> W, BatchNormParams Bn) ConsistentMultiples(PruneTheory.Random.RandomStream r, int d, int n, int[] kept, bool sameBn,
        double parentScale = 1, double sLo = 0.2, double sHi = 2.5)
    {
        var w = Gaussian(r, n, d);
        foreach (int k in kept) w.SetRow(k, w.Row(k) * parentScale);
        var bn = RandomBn(r, n);
        foreach (int p in Criteria.Complement(n, kept))
        {
            int k = kept[r.NextInt(kept.Length)]; double s = r.NextUniform(sLo, sHi);
            w.SetRow(p, w.Row(k) * s);
            if (sameBn) { bn.Gamma[p] = bn.Gamma[k]; bn.RunningVar[p] = bn.RunningVar[k]; }
            double sk = Math.Sqrt(bn.RunningVar[k] + 1e-5), sp = Math.Sqrt(bn.RunningVar[p] + 1e-5);
            double tk = bn.RunningMean[k] - sk * bn.Beta[k] / bn.Gamma[k];
            bn.Beta[p] = (bn.RunningMean[p] - s * tk) * bn.Gamma[p] / sp; // so that t_p = s·t_k
        }
        return (w, bn);
    }
}
