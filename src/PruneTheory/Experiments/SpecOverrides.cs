using System.Text.Json;
using System.Text.Json.Nodes;

namespace PruneTheory.Experiments;

/// <summary>
/// Applies '--set field=value' overrides to a spec through its JSON form, so every field of every
/// claim is settable without per-claim code. Lists are comma-separated: --set nGrid=4,8,16.
/// </summary>
public static class SpecOverrides
{
    public static ClaimSpec Apply(ClaimSpec spec, IEnumerable<string> assignments, string claimId)
    {
        var node = JsonSerializer.SerializeToNode(spec, spec.GetType(), CanonicalJson.Options)!.AsObject();
        foreach (var assignment in assignments)
        {
            int eq = assignment.IndexOf('=');
            if (eq <= 0) throw new SpecException($"--set needs field=value (got '{assignment}')");
            string field = assignment[..eq].Trim(), text = assignment[(eq + 1)..].Trim();
            string key = node.Select(kv => kv.Key).FirstOrDefault(k => string.Equals(k, field, StringComparison.OrdinalIgnoreCase))
                ?? throw new SpecException($"{claimId}: unknown field '{field}' (fields: {string.Join(", ", node.Select(kv => kv.Key))})");
            node[key] = ParseValue(node[key], text, claimId, key);
        }
        return FromJson(node.ToJsonString(CanonicalJson.Options), spec.GetType(), claimId);
    }

    /// <summary>Reads a spec from JSON; unknown fields and type errors become <see cref="SpecException"/>s.</summary>
    public static ClaimSpec FromJson(string json, Type specType, string claimId)
    {
        try
        {
            return (ClaimSpec)(JsonSerializer.Deserialize(json, specType, CanonicalJson.Options)
                ?? throw new SpecException($"{claimId}: empty spec"));
        }
        catch (JsonException e)
        {
            throw new SpecException($"{claimId}: bad spec: {e.Message.Split('.')[0]}");
        }
    }

    private static JsonNode? ParseValue(JsonNode? current, string text, string claimId, string key)
    {
        try
        {
            return current switch
            {
                JsonArray => new JsonArray(text.Length == 0 ? [] : text.Split(',').Select(t => Scalar(t.Trim())).ToArray()),
                JsonValue v when v.GetValueKind() == JsonValueKind.String => JsonValue.Create(text),
                _ => Scalar(text),
            };
        }
        catch (JsonException)
        {
            throw new SpecException($"{claimId}: cannot read '{text}' as a value of field '{key}'");
        }
    }

    // NaN and infinities are accepted here as JSON strings so that validation can reject them with its own message.
    private static JsonNode? Scalar(string text) =>
        text is "NaN" or "nan" or "Infinity" or "-Infinity" or "inf" or "-inf"
            ? JsonValue.Create(text.ToLowerInvariant() switch { "nan" => "NaN", "inf" or "infinity" => "Infinity", _ => "-Infinity" })
            : JsonNode.Parse(text) ?? throw new JsonException();
}
