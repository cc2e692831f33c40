using PruneTheory.Laws;
using Xunit;

namespace PruneTheory.Tests.Laws;

/// <summary>The law kit on its own reference methods, and on a deliberately broken compensator it must catch.</summary>
public class KitSelfTests
{
    private static readonly Expectation MagnitudeIsNotRescalingInvariant =
        Expectation.Breaks("relu-rescaling-invariance", "magnitude criteria depend on the parametrisation, not the function");

    [Fact]
    public void Reference_prune_only_satisfies_its_laws() =>
        LawKit.Assert(ReferenceMethods.PruneOnlyL2, [MagnitudeIsNotRescalingInvariant], seed: 7);

    [Fact]
    public void Reference_global_magnitude_satisfies_its_laws() =>
        LawKit.Assert(ReferenceMethods.GlobalMagnitude, [MagnitudeIsNotRescalingInvariant], seed: 7);

    /// <summary>Slices the pruned rows but forgets to select the consumer's matching columns (keeps its first m).</summary>
    private static readonly IPruningMethod ForgetsNextLayerColumns = new DelegateMethod("broken: forgets next layer's columns", Granularity.Neurons, c =>
    {
        var reference = ReferenceMethods.PruneOnlyL2.Prune(c);
        var net = c.Net;
        for (int l = 0; l < c.Net.HiddenLayers; l++)
        {
            var kept = reference.KeptUnits![l];
            var cur = net.Layers[l];
            var rows = new LawLayer(NetOps.SelectRows(cur.W, kept), kept.Select(k => cur.B[k]).ToArray());
            var next = net.Layers[l + 1];
            net = net.WithLayers((l, rows), (l + 1, next with { W = NetOps.SelectColumns(next.W, Enumerable.Range(0, kept.Length).ToArray()) }));
        }
        return reference with { Pruned = net };
    });

    [Fact]
    public void A_broken_compensator_is_caught_with_a_shrunk_counter_example()
    {
        var reports = LawKit.Check(ForgetsNextLayerColumns, seed: 7);
        var caught = reports.Where(r => !r.Held).ToList();
        Assert.NotEmpty(caught);
        Assert.Contains(caught, r => r.Law == "permutation-equivariance");
        var message = caught.First(r => r.Law == "permutation-equivariance").Message;
        Assert.Contains("LawNet", message);      // the counter-example network is printed ...
        Assert.Contains("seed =", message);      // ... with the case's seed
        Assert.Contains("Shrunk", message);      // ... after shrinking
        Assert.Throws<LawViolationException>(() => LawKit.Assert(ForgetsNextLayerColumns, seed: 8));

        // The printed seed replays the same counter-example.
        var seeds = System.Text.RegularExpressions.Regex.Match(message, @"shrinks?\) \((\d+),(\d+)\)");
        Assert.True(seeds.Success, message);
        var replayed = LawKit.Replay(ForgetsNextLayerColumns, "permutation-equivariance", ulong.Parse(seeds.Groups[1].Value), ulong.Parse(seeds.Groups[2].Value));
        Assert.False(replayed.Held);
        Assert.Equal(Shrunk(message), Shrunk(replayed.Message));
    }

    private static string Shrunk(string message) => message[message.IndexOf("Shrunk:", StringComparison.Ordinal)..];

    [Fact]
    public void Unslice_then_forward_equals_slice_for_random_kept_sets()
    {
        var gen = LawGen.Case(NetShape.DenseBn);
        foreach (var c in FsCheck.Fluent.Gen.Sample(gen, 20))
        {
            var kept = c.Net.Layers.Take(c.Net.HiddenLayers).Select(l => Enumerable.Range(0, l.Out).Where(i => i % 2 == 0).ToArray()).ToArray();
            var sliced = c.Net;
            for (int l = c.Net.HiddenLayers - 1; l >= 0; l--) sliced = Surgery.SliceUnits(sliced, l, kept[l]);
            var masked = Surgery.Unslice(c.Net, sliced, kept);
            Assert.True(NetOps.MaxRelativeDifference(sliced.Forward(c.Calibration), masked.Forward(c.Calibration)) <= 1e-12);
        }
    }
}

public class KitGeneratorTests
{
    [Fact]
    public void Planted_networks_have_exactly_s_nonzeros_and_unit_output_weights()
    {
        foreach (var net in FsCheck.Fluent.Gen.Sample(LawGenExtras.PlantedSparse(5, 4, 7), 20))
        {
            Assert.Equal(7, net.Layers[0].W.Cast<double>().Count(x => x != 0));
            Assert.All(net.Layers[1].W.Cast<double>(), x => Assert.Equal(1, x));
        }
    }

    [Fact]
    public void Masks_prune_the_rounded_fraction_of_each_layer()
    {
        var net = FsCheck.Fluent.Gen.Sample(LawGen.Net(NetShape.Dense), 1)[0];
        var mask = FsCheck.Fluent.Gen.Sample(LawGen.Mask(net, 0.5), 1)[0];
        for (int l = 0; l < net.Layers.Count; l++)
            Assert.Equal((int)Math.Round(0.5 * net.Layers[l].W.Length, MidpointRounding.AwayFromZero), mask[l].Cast<bool>().Count(b => b));
    }
}
