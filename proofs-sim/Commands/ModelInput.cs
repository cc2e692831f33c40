using System.Globalization;
using PruneTheory.Graph;
using PruneTheory.IO;

namespace PruneTheory.ProofsSim.Commands;

/// <summary>Options naming how a user's safetensors model is read (shared by restore and prune).</summary>
public sealed record ModelOptions
{
    /// <summary>auto (names, docs/networks.md), or the checked layouts lenet-300-100 / small-vgg.</summary>
    public string Arch { get; init; } = "auto";
    public string? ArchFile { get; init; }
    public string Activation { get; init; } = "relu";
    /// <summary>Per-sample input shape "784" or "1,28,28"; null: metadata prunetheory.input_shape, the data's shape, else the default.</summary>
    public string? InputShape { get; init; }
}

/// <summary>Reads a safetensors model into the network description; refuses non-finite weights naming the tensor.</summary>
public static class ModelInput
{
    public const string InputShapeKey = "prunetheory.input_shape";
    public static readonly string[] Architectures = ["auto", "lenet-300-100", "small-vgg"];

    public static (Network Net, SafetensorsFile File) Load(string path, ModelOptions o, int[]? dataShape = null)
    {
        if (!Architectures.Contains(o.Arch)) throw new ArgumentException($"--arch '{o.Arch}' is not supported (supported: {string.Join(", ", Architectures)}, or --arch-file)");
        if (string.IsNullOrWhiteSpace(path)) throw new ArgumentException("--model is required");
        if (!System.IO.File.Exists(path)) throw new FileNotFoundException($"model file '{path}' not found");
        SafetensorsFile file;
        try { file = Safetensors.Load(path); }
        catch (Exception e) when (e is InvalidDataException or FormatException or System.Text.Json.JsonException)
        { throw new ArgumentException($"--model is not a valid safetensors file: {e.Message}"); }
        foreach (var (name, t) in file.Tensors)
            for (int i = 0; i < t.Data.Length; i++)
                if (!float.IsFinite(t.Data[i])) throw new ArgumentException($"tensor '{name}' holds a non-finite value ({t.Data[i]}) at flat index {i}");
        ActivationKind? act = o.Activation.ToLowerInvariant() switch
        {
            "relu" => ActivationKind.Relu, "tanh" => ActivationKind.Tanh, "identity" or "linear" or "none" => null,
            _ => throw new ArgumentException($"--activation must be relu, tanh or identity, got '{o.Activation}'"),
        };
        var shape = o.InputShape is { } s ? ParseShape(s, "--input-shape")
            : file.Metadata.TryGetValue(InputShapeKey, out var m) ? ParseShape(m, $"metadata '{InputShapeKey}'") : null;
        var opts = new ArchOptions { Activation = act, InputShape = shape, DataShape = dataShape };
        var net = o.ArchFile is { } af ? ArchFile.Load(af, file.Tensors, opts) : StateDictArch.Infer(file.Tensors, opts);
        if (o.Arch == "lenet-300-100" && !(net.Nodes.OfType<Linear>().Select(l => l.Out).SequenceEqual([300, 100, 10]) && net.InputSize == 784 && !net.Flat().OfType<Conv2d>().Any()))
            throw new ArgumentException("--arch lenet-300-100: the file is not a 784-300-100-10 MLP (use --arch auto for other MLPs)");
        if (o.Arch == "small-vgg" && !net.Flat().OfType<Conv2d>().Any()) throw new ArgumentException("--arch small-vgg: the file has no conv layers");
        return (net, file);
    }

    public static int[] ParseShape(string text, string what)
    {
        var parts = text.Split(',', 'x', '×');
        var dims = new int[parts.Length];
        for (int i = 0; i < parts.Length; i++)
            if (!int.TryParse(parts[i].Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out dims[i]) || dims[i] < 1)
                throw new ArgumentException($"{what} must be positive integers such as 784 or 1,28,28, got '{text}'");
        if (dims.Length is not (1 or 3)) throw new ArgumentException($"{what} must be [d] or [C, H, W], got '{text}'");
        return dims;
    }

    public static string ShapeText(int[] s) => string.Join(",", s);
}
