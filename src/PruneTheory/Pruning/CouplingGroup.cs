using PruneTheory.Networks;

namespace PruneTheory.Pruning;

/// <summary>
/// The tensors that must change together when output unit j of a Dense or Conv2d layer (the
/// producer) is removed: row j of its weight and bias, entry j of the BatchNorm that follows it
/// (γ, β, running mean, running var), and input j of the next Dense/Conv2d (the consumer). After a
/// flatten, input j of a Dense consumer is the block of <see cref="InputBlock"/> = H·W columns
/// j·HW … j·HW+HW−1 (channel-major flatten).
/// </summary>
public sealed record CouplingGroup(string ProducerName, Layer Producer, string? NormName, BatchNorm? Norm,
    string ConsumerName, Layer Consumer, int InputBlock)
{
    public int Units => ProducerWeight.Value[0];

    public Parameter ProducerWeight => WeightOf(Producer);
    public Parameter? ProducerBias => Producer switch { Dense d => d.Bias, Conv2d c => c.Bias, _ => null };
    public Parameter ConsumerWeight => WeightOf(Consumer);

    /// <summary>Consumer weight seen as [out, Units, inner]: inner = kh·kw (conv), H·W (after flatten) or 1.</summary>
    public int ConsumerInner => Consumer is Conv2d c ? c.KernelH * c.KernelW : InputBlock;

    internal static Parameter WeightOf(Layer l) => l switch
    {
        Dense d => d.Weight,
        Conv2d c => c.Weight,
        _ => throw new ArgumentException($"{l.GetType().Name} has no prunable units"),
    };

    /// <summary>
    /// All groups of a model, front to back: every Dense/Conv2d whose output reaches another
    /// Dense/Conv2d through only BatchNorm (directly after it), ReLU, MaxPool2d and Flatten.
    /// The last layer (no consumer) forms no group. O(#layers²).
    /// </summary>
    public static List<CouplingGroup> Find(Sequential model)
    {
        var leaves = model.Leaves("").ToList();
        var groups = new List<CouplingGroup>();
        for (int i = 0; i < leaves.Count; i++)
        {
            if (leaves[i].Layer is not (Dense or Conv2d)) continue;
            int units = WeightOf(leaves[i].Layer).Value[0];
            string? normName = null; BatchNorm? norm = null; bool flattened = false;
            for (int j = i + 1; j < leaves.Count; j++)
            {
                var (name, layer) = leaves[j];
                if (layer is BatchNorm bn && j == i + 1) { normName = name; norm = bn; continue; }
                if (layer is ReLU or MaxPool2d) continue;
                if (layer is Flatten) { flattened = true; continue; }
                if (layer is Dense or Conv2d)
                {
                    int inputs = layer is Dense d ? d.InFeatures : ((Conv2d)layer).InChannels;
                    int block = leaves[i].Layer is Conv2d && flattened && layer is Dense ? inputs / units : 1;
                    if (block * units != inputs)
                        throw new ArgumentException($"{name} has {inputs} inputs, not a multiple of the {units} units of {leaves[i].Name}");
                    groups.Add(new CouplingGroup(leaves[i].Name, leaves[i].Layer, normName, norm, name, layer, block));
                }
                break; // any other layer (or a consumer) ends the search
            }
        }
        return groups;
    }
}
