using PruneTheory.Laws;
using Xunit;

namespace PruneTheory.Tests.Laws;

/// <summary>The README's worked example, verbatim: a new compensator in a few lines, checked against every law with one call.</summary>
public class ReadmeExampleTests
{
    [Fact]
    public void Readme_compensator_passes_its_laws()
    {
        // --- README example begins ---
        var merge = new DelegateMethod("merge into the most similar kept unit", Granularity.Neurons, c =>
        {
            var plain = ReferenceMethods.PruneOnlyL2.Prune(c);              // which units to keep (l2 norm)
            var net = c.Net;
            for (int l = net.HiddenLayers - 1; l >= 0; l--)
            {
                var layer = net.Layers[l];
                var next = (double[,])net.Layers[l + 1].W.Clone();
                int[] kept = plain.KeptUnits![l];
                foreach (int p in Enumerable.Range(0, layer.Out).Except(kept))
                {
                    var wp = NetOps.RowWithBias(layer, p);
                    int k = kept.MaxBy(k => NetOps.Cosine(wp, NetOps.RowWithBias(layer, k)));
                    if (NetOps.Cosine(wp, NetOps.RowWithBias(layer, k)) <= 0) continue;
                    double a = NetOps.Norm(wp) / NetOps.Norm(NetOps.RowWithBias(layer, k)); // ReLU(a·u) = a·ReLU(u)
                    for (int o = 0; o < next.GetLength(0); o++) next[o, k] += a * next[o, p];
                }
                net = Surgery.SliceUnits(net.WithLayer(l + 1, net.Layers[l + 1] with { W = next }), l, kept);
            }
            return plain with { Pruned = net };
        });
        LawKit.Assert(merge, [Expectation.Breaks("relu-rescaling-invariance", "the l2 criterion reads magnitudes")]);
        // --- README example ends ---
    }
}
