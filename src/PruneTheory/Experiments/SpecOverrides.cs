using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PruneTheory.Experiments;

/// <summary>
/// Applies '--set field=value' overrides to a spec through its JSON form, so every field of every
/// claim is settable without per-claim code. Lists are comma-separated: --set nGrid=4,8,16, and lists of
/// words too: --set methods=ec,magnitude. Computed fields (no setter) are refused with the fields they follow
/// from, and every assignment is read back from the resulting spec, so no value is silently dropped.
/// </summary>
public static class SpecOverrides
{
    public static ClaimSpec Apply(ClaimSpec spec, IEnumerable<string> assignments, string claimId)
    {
        var type = spec.GetType();
        var node = JsonSerializer.SerializeToNode(spec, type, CanonicalJson.Options)!.AsObject();
        var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetIndexParameters().Length == 0 && p.Name != "EqualityContract")
            .ToDictionary(p => CanonicalJson.FieldName(p.Name), StringComparer.OrdinalIgnoreCase);
        var settable = node.Select(kv => kv.Key).Where(k => properties.TryGetValue(k, out var p) && p.CanWrite).ToList();
        var assigned = new Dictionary<string, JsonNode?>();
        foreach (var assignment in assignments)
        {
            int eq = assignment.IndexOf('=');
            if (eq <= 0) throw new SpecException($"--set needs field=value (got '{assignment}')");
            string field = assignment[..eq].Trim(), text = assignment[(eq + 1)..].Trim();
            string key = node.Select(kv => kv.Key).FirstOrDefault(k => string.Equals(k, field, StringComparison.OrdinalIgnoreCase))
                ?? throw new SpecException($"{claimId}: unknown field '{field}' (fields: {string.Join(", ", settable)})");
            if (!properties[key].CanWrite)
                throw new SpecException($"{claimId}: field '{key}' is computed from other fields and cannot be set; set {Sources(spec, key, settable)} instead");
            node[key] = ParseValue(node[key], properties[key].PropertyType, text, claimId, key);
            assigned[key] = node[key]?.DeepClone();
        }
        var result = FromJson(node.ToJsonString(CanonicalJson.Options), type, claimId);
        var back = JsonSerializer.SerializeToNode(result, type, CanonicalJson.Options)!.AsObject();
        foreach (var (key, value) in assigned)
            if (!JsonNode.DeepEquals(back[key], value))
                throw new SpecException($"{claimId}: --set {key} was not taken by the spec (it reads back as {back[key]?.ToJsonString() ?? "null"})");
        return result;
    }

    /// <summary>The settable fields a computed field changes with (found by perturbing each one); all of them when none is found.</summary>
    private static string Sources(ClaimSpec spec, string computed, IReadOnlyList<string> settable)
    {
        var type = spec.GetType();
        var baseNode = JsonSerializer.SerializeToNode(spec, type, CanonicalJson.Options)!.AsObject();
        var found = new List<string>();
        foreach (string key in settable)
        {
            var probe = baseNode.DeepClone().AsObject();
            probe[key] = Perturb(probe[key]);
            if (probe[key] is null) continue;
            try
            {
                var changed = JsonSerializer.SerializeToNode(JsonSerializer.Deserialize(probe.ToJsonString(CanonicalJson.Options), type, CanonicalJson.Options), type, CanonicalJson.Options)!;
                if (!JsonNode.DeepEquals(changed[computed], baseNode[computed])) found.Add(key);
            }
            catch (Exception e) when (e is JsonException or ArgumentException or InvalidOperationException or OverflowException or DivideByZeroException or TargetInvocationException) { }
        }
        return found.Count > 0 ? string.Join(" / ", found) : $"one of {string.Join(", ", settable)}";
    }

    private static JsonNode? Perturb(JsonNode? value) => value switch
    {
        JsonValue v when v.GetValueKind() == JsonValueKind.Number && v.TryGetValue(out long l) => JsonValue.Create(l * 2 + 1),
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => JsonValue.Create(v.GetValue<double>() * 2 + 1),
        JsonArray a when a.Count > 0 => new JsonArray(a.Select(x => x?.DeepClone()).Append(a[^1]?.DeepClone()).ToArray()),
        _ => null,
    };

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

    private static JsonNode? ParseValue(JsonNode? current, Type fieldType, string text, string claimId, string key)
    {
        try
        {
            if (current is JsonArray || IsList(fieldType))
            {
                var element = ElementType(fieldType);
                bool words = element == typeof(string) || (element?.IsEnum ?? false);
                return new JsonArray(text.Length == 0 ? [] : text.Split(',').Select(t => words ? JsonValue.Create(t.Trim()) : Number(t.Trim(), element, key)).ToArray());
            }
            return current is JsonValue v && v.GetValueKind() == JsonValueKind.String || fieldType == typeof(string) || fieldType.IsEnum
                ? JsonValue.Create(text) : Number(text, fieldType, key);
        }
        catch (JsonException)
        {
            throw new SpecException($"{claimId}: cannot read '{text}' as a value of field '{key}'");
        }
    }

    // Integer fields accept 2e9-style numbers; a fraction or a value beyond the field's type is named here.
    private static JsonNode? Number(string text, Type? type, string key)
    {
        if (type != typeof(int) && type != typeof(long)) return Scalar(text);
        if (!decimal.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out decimal d))
            return double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _)
                ? throw new SpecException($"field '{key}' must be at most {ClaimSpec.MaxInteger:N0} (got {text})")
                : throw new JsonException();
        if (d != decimal.Truncate(d)) throw new SpecException($"field '{key}' must be a whole number (got {text})");
        long max = type == typeof(int) ? int.MaxValue : long.MaxValue, min = type == typeof(int) ? int.MinValue : long.MinValue;
        if (d > max) throw new SpecException($"field '{key}' must be at most {ClaimSpec.MaxInteger:N0} (got {text})");
        if (d < min) throw new SpecException($"field '{key}' is below the smallest value it can hold (got {text})");
        return JsonValue.Create((long)d);
    }

    private static bool IsList(Type t) => t != typeof(string) && t.IsAssignableTo(typeof(System.Collections.IEnumerable));

    private static Type? ElementType(Type t) =>
        t.IsArray ? t.GetElementType() : t.GetInterfaces().Append(t).FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0];

    // NaN and infinities are accepted here as JSON strings so that validation can reject them with its own message.
    private static JsonNode? Scalar(string text) =>
        text is "NaN" or "nan" or "Infinity" or "-Infinity" or "inf" or "-inf"
            ? JsonValue.Create(text.ToLowerInvariant() switch { "nan" => "NaN", "inf" or "infinity" => "Infinity", _ => "-Infinity" })
            : JsonNode.Parse(text) ?? throw new JsonException();
}
