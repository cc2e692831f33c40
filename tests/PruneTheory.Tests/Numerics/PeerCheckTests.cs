using PruneTheory.IO;
using PruneTheory.ProofsSim.Cli;
using Xunit;

namespace PruneTheory.Tests.Numerics;

/// <summary>`bench --peers` prints a ratio only when the peer's result agrees with ours: a wrong kernel must not win.</summary>
public class PeerCheckTests
{
    private static SafetensorsFile Peer(Dictionary<string, TensorData> tensors) =>
        new(tensors, new Dictionary<string, string> { ["seconds"] = "0.01", ["cpu_seconds"] = "0.01" });

    [Fact]
    public void GemmPeerAgreesWithTheExactProductAndNotWithAPerturbedOne()
    {
        var w = new GemmPeer(64);
        w.TimeOurs(1);
        var (inputs, _) = w.Inputs();
        float[] a = inputs["a"].Data, b = inputs["b"].Data, c = new float[64 * 64];
        for (int i = 0; i < 64; i++)
            for (int j = 0; j < 64; j++)
            {
                double s = 0;
                for (int p = 0; p < 64; p++) s += (double)a[i * 64 + p] * b[p * 64 + j];
                c[i * 64 + j] = (float)s;
            }
        Assert.True(w.Check(Peer(new() { ["c"] = new([64, 64], c) })).Agrees);
        var wrong = (float[])c.Clone();
        wrong[17] += 0.05f * Math.Max(1f, Math.Abs(wrong[17])) * 64; // one bad element, as a broken edge tile would give
        Assert.False(w.Check(Peer(new() { ["c"] = new([64, 64], wrong) })).Agrees);
        Assert.False(w.Check(Peer(new() { ["c"] = new([64, 63], new float[64 * 63]) })).Agrees); // wrong shape
    }

    [Fact]
    public void UnknownWorkloadIsBadInput() =>
        Assert.Throws<PruneTheory.Experiments.SpecException>(() => PeerWorkloads.Matching("nosuch"));
}
