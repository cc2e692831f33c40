using System.Globalization;

namespace PruneTheory.Experiments;

/// <summary>Part k of N (1-based): trial i belongs to it when i mod N = k − 1. Deterministic and disjoint.</summary>
public readonly record struct Shard(int Index, int Count)
{
    public static Shard Whole => new(1, 1);

    public bool Owns(int trial) => trial % Count == Index - 1;

    public static Shard Parse(string text)
    {
        var parts = text.Split('/');
        if (parts.Length != 2
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int k)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int n))
            throw new SpecException($"--shard must look like k/N, e.g. 1/4 (got '{text}')");
        if (n < 1 || k < 1 || k > n)
            throw new SpecException($"--shard {text}: need 1 <= k <= N");
        return new Shard(k, n);
    }

    public override string ToString() => $"{Index}/{Count}";
}
