namespace PruneTheory.ProofsSim.Commands;

/// <summary>
/// The pixel convention of the built-in mnist/fashion calibration sets for a given model: --pixels when given, else
/// what the model's metadata states (prunetheory_pixels, or an input_preprocessing text such as the reference LeNet's
/// "x/255 then (x-0.5)/0.5"), else unit. The answer says where it came from, so the command can print it.
/// </summary>
public static class PrunePixels
{
    public const string MetadataKey = "prunetheory_pixels";

    public static (bool Centered, string Source) Resolve(string requested, IReadOnlyDictionary<string, string> metadata)
    {
        var stated = Stated(metadata);
        if (!string.IsNullOrWhiteSpace(requested))
        {
            bool centered = Parse(requested);
            string note = stated is { } s && s.Centered != centered ? $"; the model's metadata states {Name(s.Centered)} ({s.Key})" : "";
            return (centered, $"--pixels{note}");
        }
        return stated is { } m ? (m.Centered, $"from the model's metadata '{m.Key}'")
            : (false, "default: the model's metadata states no input preprocessing (set --pixels if it was trained on (x-0.5)/0.5)");
    }

    public static string Name(bool centered) => centered ? "centered" : "unit";

    public static bool Parse(string text) => text.ToLowerInvariant() switch
    {
        "unit" => false,
        "centered" or "centred" => true,
        _ => throw new ArgumentException($"--pixels must be unit or centered, got '{text}'"),
    };

    private static (bool Centered, string Key)? Stated(IReadOnlyDictionary<string, string> metadata)
    {
        if (metadata.TryGetValue(MetadataKey, out var own)) return (Parse(own), MetadataKey);
        if (!metadata.TryGetValue("input_preprocessing", out var text)) return null;
        string t = text.Replace(" ", "", StringComparison.Ordinal);
        if (t.Contains("x-0.5", StringComparison.Ordinal) || t.Contains("[-1,1]", StringComparison.Ordinal)) return (true, "input_preprocessing");
        if (t.Contains("x/255", StringComparison.Ordinal) || t.Contains("[0,1]", StringComparison.Ordinal)) return (false, "input_preprocessing");
        return null;
    }
}
