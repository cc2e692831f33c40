using System.Numerics.Tensors;

namespace PruneTheory.Networks;

/// <summary>
/// A trainable tensor with its gradient and an optional 0/1 mask (unstructured pruning). Masked
/// entries stay exactly zero: gradients are masked before an optimiser step and values after it.
/// </summary>
public sealed class Parameter(string name, Tensor value)
{
    /// <summary>Local name inside its layer ("weight", "bias"); full names come from the model.</summary>
    public string Name { get; } = name;
    public Tensor Value { get; private set; } = value;
    public Tensor Grad { get; private set; } = new((int[])value.Shape.Clone());
    public float[]? Mask { get; private set; }

    /// <summary>Replaces the value (e.g. after slicing) and mask; resets the gradient.</summary>
    public void Replace(Tensor value, float[]? mask = null)
    {
        Value = value; Grad = new Tensor((int[])value.Shape.Clone());
        SetMask(mask);
    }

    /// <summary>Removed (masked-out) entries; 0 without a mask.</summary>
    public int MaskedCount => Mask is null ? 0 : Mask.Count(m => m == 0f);

    /// <summary>Sets a 0/1 mask (null removes it) and zeroes the masked values. O(size).</summary>
    public void SetMask(float[]? mask)
    {
        if (mask is not null)
        {
            if (mask.Length != Value.Length) throw new ArgumentException($"mask of {Name} has {mask.Length} entries, parameter has {Value.Length}");
            foreach (float m in mask)
                if (m != 0f && m != 1f) throw new ArgumentException($"mask of {Name} must contain only 0 and 1");
        }
        Mask = mask;
        ApplyMask();
    }

    public void ApplyMask()
    {
        if (Mask is not null) TensorPrimitives.Multiply(Value.Data, Mask, Value.Data);
    }

    public void MaskGrad()
    {
        if (Mask is not null) TensorPrimitives.Multiply(Grad.Data, Mask, Grad.Data);
    }
}
