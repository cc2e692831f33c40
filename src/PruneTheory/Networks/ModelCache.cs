using System.Collections.Concurrent;
using PruneTheory.Experiments;
using PruneTheory.IO;

namespace PruneTheory.Networks;

/// <summary>
/// Trains each network once and reuses it: parameters are stored as safetensors under
/// <see cref="Directory"/>, named <c>{kind}-{sha256}.safetensors</c> where the hash is SHA-256 of
/// "{kind}\n{canonical JSON of the training spec}" (<see cref="CanonicalJson.Full"/>), so any change
/// of a spec field (or of the kind, which should carry a trainer version) gives a new entry.
/// The file's metadata holds the kind, the canonical spec and its hash; a hit is used only when they
/// match, and an unreadable or mismatching file is retrained and replaced. Within a process concurrent
/// requests for the same key train once; across processes, writes are atomic (temporary file + rename),
/// so at worst two processes train the same deterministic model and one file wins.
/// </summary>
public sealed class ModelCache
{
    public const string EnvironmentVariable = "PRUNETHEORY_CACHE";
    public const string KindKey = "prunetheory_kind";
    public const string SpecKey = "prunetheory_spec";
    public const string HashKey = "prunetheory_spec_sha256";

    private readonly ConcurrentDictionary<string, Lazy<SafetensorsFile>> _inProcess = new(StringComparer.Ordinal);

    public string Directory { get; }

    public ModelCache(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        Directory = Path.GetFullPath(directory);
    }

    /// <summary>
    /// The default location: $PRUNETHEORY_CACHE/models if set, else .cache/models in the repository
    /// (git-ignored), else the user's cache folder (~/.cache/prunetheory/models).
    /// </summary>
    public static ModelCache Default()
    {
        string root = Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } env ? env
            : RepoPaths.FindRoot() is { } repo ? Path.Combine(repo, ".cache")
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "prunetheory");
        return new ModelCache(Path.Combine(root, "models"));
    }

    /// <summary>Canonical JSON of <paramref name="spec"/> (sorted keys, no defaults removed).</summary>
    public static string SpecJson(object spec) => CanonicalJson.Full(spec);

    /// <summary>The cache key: SHA-256 hex of "{kind}\n{canonical spec JSON}".</summary>
    public static string Key(string kind, object spec) => CanonicalJson.Sha256Hex($"{kind}\n{SpecJson(spec)}");

    /// <summary>Where the model for (<paramref name="kind"/>, <paramref name="spec"/>) is stored.</summary>
    public string PathOf(string kind, object spec)
    {
        CheckKind(kind);
        return Path.Combine(Directory, $"{kind}-{Key(kind, spec)}.safetensors");
    }

    /// <summary>True when a valid cached model exists for the spec (nothing is trained).</summary>
    public bool Contains(string kind, object spec) => TryLoad(kind, spec) is not null;

    /// <summary>
    /// The cached parameters for (<paramref name="kind"/>, <paramref name="spec"/>), or those returned by
    /// <paramref name="train"/>, which is then stored. <paramref name="train"/> runs at most once per key per
    /// process. Cost: one file read on a hit; training plus one atomic write on a miss.
    /// </summary>
    public SafetensorsFile GetOrTrain(string kind, object spec, Func<IReadOnlyDictionary<string, TensorData>> train)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(train);
        string path = PathOf(kind, spec);
        var lazy = _inProcess.GetOrAdd(path, _ => new Lazy<SafetensorsFile>(() => LoadOrTrain(kind, spec, path, train)));
        try
        {
            return lazy.Value;
        }
        catch
        {
            _inProcess.TryRemove(KeyValuePair.Create(path, lazy));   // let a later call retry a failed training
            throw;
        }
    }

    /// <summary>
    /// A model built by <paramref name="build"/> whose parameters (and buffers) come from the cache, or,
    /// on a miss, from <paramref name="train"/> applied to the freshly built model, then stored.
    /// </summary>
    public Sequential GetOrTrain(string kind, object spec, Func<Sequential> build, Action<Sequential> train)
    {
        ArgumentNullException.ThrowIfNull(build);
        ArgumentNullException.ThrowIfNull(train);
        Sequential? trained = null;
        var file = GetOrTrain(kind, spec, () =>
        {
            trained = build();
            train(trained);
            return trained.StateDict();
        });
        if (trained is not null) return trained;
        var model = build();
        model.LoadStateDict(file.Tensors);
        return model;
    }

    private SafetensorsFile LoadOrTrain(string kind, object spec, string path, Func<IReadOnlyDictionary<string, TensorData>> train)
    {
        if (TryLoad(kind, spec) is { } hit) return hit;
        var tensors = train() ?? throw new InvalidOperationException($"training {kind} returned no parameters");
        var metadata = new Dictionary<string, string>
        {
            ["format"] = "pt",
            [KindKey] = kind,
            [SpecKey] = SpecJson(spec),
            [HashKey] = Key(kind, spec),
        };
        Safetensors.Write(path, tensors, metadata);
        return new SafetensorsFile(tensors, metadata);
    }

    private SafetensorsFile? TryLoad(string kind, object spec)
    {
        string path = PathOf(kind, spec);
        if (!File.Exists(path)) return null;
        SafetensorsFile file;
        try
        {
            file = Safetensors.Load(path);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException)
        {
            return null;   // corrupt or vanished: retrain and replace
        }
        bool matches = file.Metadata.TryGetValue(KindKey, out var k) && k == kind
                       && file.Metadata.TryGetValue(SpecKey, out var s) && s == SpecJson(spec)
                       && file.Metadata.TryGetValue(HashKey, out var h) && h == Key(kind, spec);
        return matches ? file : null;
    }

    private static void CheckKind(string kind)
    {
        ArgumentException.ThrowIfNullOrEmpty(kind);
        if (kind.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')))
            throw new ArgumentException($"model kind '{kind}' may contain only ASCII letters, digits, '-', '_' and '.' (it is part of a file name)");
    }
}
