using System.Numerics.Tensors;
using DeepDream.Core.Imaging;

namespace DeepDream.Core.Dreaming.Picture;

/// <summary>How much of the dream is applied: original + strength × (dream − original); above 1 it exaggerates.</summary>
internal static class Strength
{
    public static void Apply(IRgbSource original, RgbImage image, double strength, CancellationToken cancel)
    {
        var scratch = new float[image.Width];
        for (var c = 0; c < 3; c++)
            for (var y = 0; y < image.Height; y++)
            {
                if ((y & 63) == 0)
                    cancel.ThrowIfCancellationRequested();
                var before = original.Row(c, y, scratch);
                var row = image.Plane(c).Slice(y * image.Width, image.Width);
                TensorPrimitives.Subtract(row, before, row);
                TensorPrimitives.MultiplyAdd(row, (float)strength, before, row);
            }
    }
}
