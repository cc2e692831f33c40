using PruneTheory.Networks;
using PruneTheory.Random;

namespace PruneTheory.Pruning.BiasCompensation;

/// <summary>
/// Pruning of engine models with Dense and Conv2d layers (conv: spec §7, beyond the paper): statistics-based scores from
/// <see cref="SequentialCompensation"/> plus the data-free baselines. Methods: ec (position-diagonal), ec-exact (exact
/// conv block), ec-noupdate, obd, magnitude, magnitude+update, random.
/// </summary>
public static class SequentialPruning
{
    public static readonly string[] Methods = ["ec", "ec-exact", "ec-noupdate", "obd", "magnitude", "magnitude+update", "random"];

    public static string DisplayName(string method) => method switch
    {
        "ec" => "EC", "ec-exact" => "EC (exact block)", "ec-noupdate" => "EC-NoUpdate", "obd" => "OBD", "magnitude" => "Magnitude", "magnitude+update" => "Magnitude+Update",
        "random" => "Random", _ => throw new ArgumentException($"unknown method '{method}'; known: {string.Join(", ", Methods)}"),
    };

    /// <param name="diagonal">the position-diagonal statistics' scores of this model and calibration set, when already
    /// computed (ec, ec-noupdate, obd and magnitude+update all read the same ones); null: computed here.</param>
    public static Importance Score(string method, Sequential model, Tensor calibration, RngKey key, CompensationScores? diagonal = null)
    {
        _ = DisplayName(method);
        var layers = model.Leaves("").Select(t => t.Layer).Where(l => l is Dense or Conv2d).ToList();
        double[][] Magnitudes() => layers.Select(l => SequentialCompensation.Weight(l).Select(v => (double)Math.Abs(v)).ToArray()).ToArray();
        if (method == "magnitude") return new Importance(Magnitudes());
        if (method == "random")
        {
            var s = key.FoldIn("random-scores").Stream();
            return new Importance(layers.Select(l => SequentialCompensation.Weight(l).Select(_ => s.NextDouble()).ToArray()).ToArray());
        }
        var sc = method != "ec-exact" && diagonal != null ? diagonal : SequentialCompensation.Accumulate(model, calibration, exactConvBlock: method == "ec-exact").Scores();
        return method switch
        {
            "ec" or "ec-exact" => new Importance(sc.S, sc.DeltaB),
            "ec-noupdate" => new Importance(sc.S),
            "obd" => new Importance(sc.S0),
            _ => new Importance(Magnitudes(), sc.DeltaB),   // magnitude+update
        };
    }

    /// <summary>Zeroes masked weights of the Dense/Conv2d layers in place and adds each output unit's Σ ΔB to its bias. O(#weights).</summary>
    public static void Apply(Sequential model, bool[][] mask, Importance imp)
    {
        var layers = model.Leaves("").Select(t => t.Layer).Where(l => l is Dense or Conv2d).ToList();
        if (mask.Length != layers.Count) throw new ArgumentException($"mask has {mask.Length} layers, model {layers.Count}");
        for (int li = 0; li < layers.Count; li++)
        {
            var w = SequentialCompensation.Weight(layers[li]); var b = SequentialCompensation.Bias(layers[li]);
            int nOut = layers[li] is Dense d ? d.OutFeatures : ((Conv2d)layers[li]).OutChannels, fan = w.Length / nOut;
            for (int i = 0; i < nOut; i++)
            {
                double shift = 0;
                for (int j = 0; j < fan; j++)
                {
                    int q = i * fan + j;
                    if (!mask[li][q]) continue;
                    w[q] = 0;
                    if (imp.BiasShifts != null) shift += imp.BiasShifts[li][q];
                }
                if (shift != 0)
                {
                    if (b is null) throw new ArgumentException("bias compensation needs layers with biases");
                    b[i] = (float)(b[i] + shift);
                }
            }
        }
    }
}
