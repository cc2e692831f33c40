using System.Globalization;

namespace PruneTheory.ProofsSim.Commands;

/// <summary>
/// x ↦ (x − mean)/std applied to the pixels in [0, 1] of the built-in data sets before the network sees them (a data
/// file's x is the network's input as stored):
/// unit (0, 1: none), centered (0.5, 0.5: the LBYL/NM LeNet's (x − 0.5)/0.5) or "mean,std".
/// </summary>
public sealed record InputNormalization(double Mean, double Std)
{
    public const string MetadataKey = "prunetheory.normalize";
    private const string LegacyKey = "prunetheory_pixels";

    public static readonly InputNormalization Unit = new(0, 1);
    public static readonly InputNormalization Centered = new(0.5, 0.5);

    public string Name => this == Unit ? "unit" : this == Centered ? "centered" : FormattableString.Invariant($"{Mean:R},{Std:R}");

    public void Apply(double[] x)
    {
        if (this == Unit) return;
        for (int i = 0; i < x.Length; i++) x[i] = (x[i] - Mean) / Std;
    }

    public static InputNormalization Parse(string text, string option = "--normalize")
    {
        switch (text.Trim().ToLowerInvariant())
        {
            case "unit": return Unit;
            case "centered" or "centred": return Centered;
        }
        var parts = text.Split(',');
        if (parts.Length == 2 && double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out double m)
            && double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double s) && double.IsFinite(m) && s > 0 && double.IsFinite(s))
            return new InputNormalization(m, s);
        throw new ArgumentException($"{option} must be unit, centered or mean,std (std > 0), got '{text}'");
    }

    /// <summary>
    /// --normalize when given (a disagreement with the metadata is a warning), else what the model's metadata states
    /// (prunetheory.normalize, the older prunetheory_pixels, or an input_preprocessing text such as the reference
    /// LeNet's "x/255 then (x-0.5)/0.5"), else unit. Returns the choice and a sentence saying where it came from.
    /// </summary>
    public static (InputNormalization Value, string Source, string? Warning) Resolve(string? requested, IReadOnlyDictionary<string, string> metadata)
    {
        var stated = Stated(metadata);
        if (!string.IsNullOrWhiteSpace(requested))
        {
            var value = Parse(requested);
            string? warning = stated is { } s && s.Value != value ? $"--normalize {value.Name} differs from the model's metadata ({s.Key} states {s.Value.Name})" : null;
            return (value, "--normalize", warning);
        }
        return stated is { } st ? (st.Value, $"from the model's metadata '{st.Key}'", null)
            : (Unit, "default: the model's metadata states no input preprocessing (give --normalize if it was trained on normalised inputs)", null);
    }

    private static (InputNormalization Value, string Key)? Stated(IReadOnlyDictionary<string, string> metadata)
    {
        foreach (var key in new[] { MetadataKey, LegacyKey })
            if (metadata.TryGetValue(key, out var own))
            {
                try { return (Parse(own), key); }
                catch (ArgumentException) { throw new ArgumentException($"the model's metadata '{key}' = '{own}' is not unit, centered or mean,std"); }
            }
        if (!metadata.TryGetValue("input_preprocessing", out var text)) return null;
        string t = text.Replace(" ", "", StringComparison.Ordinal);
        if (t.Contains("x-0.5", StringComparison.Ordinal) || t.Contains("[-1,1]", StringComparison.Ordinal)) return (Centered, "input_preprocessing");
        if (t.Contains("x/255", StringComparison.Ordinal) || t.Contains("[0,1]", StringComparison.Ordinal)) return (Unit, "input_preprocessing");
        return null;
    }
}
