using PruneTheory.Random;

namespace PruneTheory.Theory.SubsetSum;

/// <summary>Sample laws of random subset sum: U[−1,1], N(0,1), and N(0,1)·N(0,1) (= α_k w_kj of the construction).</summary>
public enum RssDistribution { Uniform, Gaussian, GaussianProduct }

public static class RssSamples
{
    /// <summary>n nested samples: sample i comes from key.FoldIn(i), so n samples are a prefix of n' &gt; n. O(n).</summary>
    public static double[] Draw(RngKey key, int n, RssDistribution law)
    {
        var x = new double[n];
        for (int i = 0; i < n; i++)
        {
            var s = key.FoldIn((ulong)i).Stream();
            x[i] = law switch
            {
                RssDistribution.Uniform => s.NextUniform(-1, 1),
                RssDistribution.Gaussian => s.NextGaussian(),
                _ => s.NextGaussian() * s.NextGaussian(),
            };
        }
        return x;
    }

    public static string Label(this RssDistribution law) => law switch
    {
        RssDistribution.Uniform => "U[-1,1]",
        RssDistribution.Gaussian => "N(0,1)",
        _ => "N(0,1)*N(0,1)",
    };
}
