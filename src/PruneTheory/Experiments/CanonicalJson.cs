using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PruneTheory.Experiments;

/// <summary>
/// Canonical JSON of specs: camelCase fields, sorted keys, fields equal to the default omitted,
/// doubles in shortest round-trip form. Its SHA-256 names the run, as OpenLTH's hparams hash does.
/// </summary>
public static class CanonicalJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = false,
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static string FieldName(string propertyName) => JsonNamingPolicy.CamelCase.ConvertName(propertyName);

    /// <summary>Sorted-key JSON of <paramref name="spec"/> without the fields that equal <paramref name="defaults"/>.</summary>
    public static string Of(object spec, object defaults)
    {
        var node = JsonSerializer.SerializeToNode(spec, spec.GetType(), Options)!.AsObject();
        var def = JsonSerializer.SerializeToNode(defaults, defaults.GetType(), Options)!.AsObject();
        var sorted = new JsonObject();
        foreach (var kv in node.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            if (def.TryGetPropertyValue(kv.Key, out var d) && JsonNode.DeepEquals(d, kv.Value)) continue;
            sorted[kv.Key] = Sort(kv.Value?.DeepClone());
        }
        return sorted.ToJsonString(Options);
    }

    /// <summary>Sorted-key JSON of any object (nested objects sorted too), no defaults removed.</summary>
    public static string Full(object value) =>
        Sort(JsonSerializer.SerializeToNode(value, value.GetType(), Options))?.ToJsonString(Options) ?? "null";

    private static JsonNode? Sort(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => KeyValuePair.Create(kv.Key, Sort(kv.Value?.DeepClone())))),
        JsonArray a => new JsonArray(a.Select(x => Sort(x?.DeepClone())).ToArray()),
        _ => node,
    };

    public static string Sha256Hex(string text) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
