using System.Reflection;

namespace PruneTheory.Experiments;

/// <summary>
/// Base of every claim's typed spec (OpenLTH's hparams): a record whose C# defaults are the quick
/// scale. Its canonical JSON (sorted keys, defaults omitted) plus the seed names the run.
/// </summary>
public abstract record ClaimSpec
{
    /// <summary>Claim-specific checks; return one readable message per problem.</summary>
    protected virtual IEnumerable<string> Check() => [];

    /// <summary>
    /// Largest value of any integer field or list element (sizes, counts, iterations): what one machine can honour
    /// in memory and time; beyond it a run would only fail late. Fields named *Seed are exempt (any value is a seed).
    /// </summary>
    public const long MaxInteger = 1_000_000_000;

    /// <summary>
    /// All problems: NaN/∞ in any floating field (also inside lists), integers above <see cref="MaxInteger"/>, empty
    /// lists, and the claim's own checks.
    /// </summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        foreach (var p in GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (p.GetIndexParameters().Length > 0 || p.Name == "EqualityContract" || !p.CanWrite) continue;
            var value = p.GetValue(this);
            string name = CanonicalJson.FieldName(p.Name);
            IEnumerable<double> numbers = value switch
            {
                double d => [d],
                float f => [f],
                IEnumerable<double> ds => ds,
                IEnumerable<float> fs => fs.Select(x => (double)x),
                _ => [],
            };
            if (numbers.Any(x => !double.IsFinite(x)))
                errors.Add($"{name} must be a finite number (got NaN or infinity)");
            IEnumerable<long> integers = value switch
            {
                int i => [i],
                long l => [l],
                IEnumerable<int> iss => iss.Select(x => (long)x),
                IEnumerable<long> ls => ls,
                _ => [],
            };
            if (!p.Name.EndsWith("Seed", StringComparison.Ordinal) && integers.Any(x => x > MaxInteger))
                errors.Add($"{name} must be at most {MaxInteger:N0} (got {integers.Max():N0}): more than one machine can run");
            if (value is System.Collections.ICollection { Count: 0 })
                errors.Add($"{name} must not be empty");
        }
        if (errors.Count == 0) errors.AddRange(Check());
        return errors;
    }
}

/// <summary>Small checks shared by specs; each yields a message when the check fails.</summary>
public static class SpecChecks
{
    public static IEnumerable<string> Positive(double value, string name)
    { if (!(value > 0)) yield return $"{name} must be > 0 (got {value})"; }

    public static IEnumerable<string> AllPositive(IEnumerable<double> values, string name)
    { if (values.Any(v => !(v > 0))) yield return $"{name} must all be > 0"; }

    public static IEnumerable<string> AtLeast(long value, long min, string name)
    { if (value < min) yield return $"{name} must be >= {min} (got {value})"; }

    public static IEnumerable<string> AllAtLeast(IEnumerable<int> values, int min, string name)
    { if (values.Any(v => v < min)) yield return $"{name} must all be >= {min}"; }

    public static IEnumerable<string> Ratio(double value, string name)
    { if (!(value >= 0 && value <= 1)) yield return $"{name} must lie in [0, 1] (got {value})"; }

    public static IEnumerable<string> AllRatios(IEnumerable<double> values, string name)
    { if (values.Any(v => !(v >= 0 && v <= 1))) yield return $"{name} must all lie in [0, 1]"; }

    public static IEnumerable<string> NonEmpty<T>(IReadOnlyCollection<T> values, string name)
    { if (values.Count == 0) yield return $"{name} must not be empty"; }
}
