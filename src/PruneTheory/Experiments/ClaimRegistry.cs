using System.Reflection;

namespace PruneTheory.Experiments;

/// <summary>
/// Claims found by reflection: every concrete <see cref="IClaim"/> with a parameterless constructor
/// in the given assemblies, ordered by id. Adding a claim is adding one file.
/// </summary>
public sealed class ClaimRegistry
{
    private readonly SortedDictionary<string, IClaim> _claims = new(StringComparer.Ordinal);

    public ClaimRegistry(params Assembly[] assemblies)
    {
        foreach (var type in assemblies.SelectMany(a => a.GetTypes()))
        {
            if (type.IsAbstract || !typeof(IClaim).IsAssignableFrom(type) || type.GetConstructor(Type.EmptyTypes) is null) continue;
            var claim = (IClaim)Activator.CreateInstance(type)!;
            if (!_claims.TryAdd(claim.Id, claim))
                throw new InvalidOperationException($"two claims share the id '{claim.Id}'");
        }
    }

    public IReadOnlyCollection<IClaim> All => _claims.Values;
    public IEnumerable<string> Ids => _claims.Keys;

    public bool TryGet(string id, out IClaim claim) => _claims.TryGetValue(id, out claim!);

    public IClaim Get(string id) => TryGet(id, out var c) ? c
        : throw new SpecException($"unknown claim '{id}' (known: {string.Join(", ", _claims.Keys)})");
}

/// <summary>Bad user input: a one-line message, exit code 2, nothing written.</summary>
public sealed class SpecException(string message) : Exception(message);
