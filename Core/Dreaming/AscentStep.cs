using System.Numerics.Tensors;

namespace DeepDream.Core.Dreaming;

/// <summary>The gradient-ascent update: x += step * g / mean|g|, kept within [0, 1].</summary>
public static class AscentStep
{
    /// <summary>Applies the step; returns false, changing nothing, when the gradient is zero or not finite.</summary>
    public static bool Apply(Span<float> pixels, ReadOnlySpan<float> gradient, double step)
    {
        var meanMagnitude = TensorPrimitives.SumOfMagnitudes(gradient) / gradient.Length;
        if (!float.IsFinite(meanMagnitude) || meanMagnitude <= 0)
            return false;
        TensorPrimitives.MultiplyAdd(gradient, (float)(step / meanMagnitude), pixels, pixels);
        TensorPrimitives.Max(pixels, 0f, pixels);
        TensorPrimitives.Min(pixels, 1f, pixels);
        return true;
    }
}
