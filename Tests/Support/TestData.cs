using DeepDream.Cli.Files;
using DeepDream.Core.Imaging;
using DeepDream.Core.Models;
using DeepDream.Core.Onnx;

namespace DeepDream.Tests.Support;

/// <summary>Test data kept in the repository (Tests/Data, with licences) and the real ResNet18 restored by the build.</summary>
public static class TestData
{
    public static string Path(string file) => System.IO.Path.Combine(AppContext.BaseDirectory, "Data", file);

    public static RgbImage Photo(string file) => ImageFile.Read(Path(file)).ToRgb();

    /// <summary>The image as 8-bit RGBA, with alpha from a function of the pixel index (opaque without one).</summary>
    public static ByteImage Bytes(RgbImage image, Func<int, byte>? alpha = null)
    {
        var bytes = new ByteImage(image.Width, image.Height, ChannelOrder.Rgba);
        bytes.SetRgb(image);
        if (alpha is not null)
            for (var i = 0; i < image.PlaneSize; i++)
                bytes.Pixels[4 * i + 3] = alpha(i);
        return bytes;
    }

    public static byte[] Alpha(ByteImage image) => image.Pixels.Where((_, i) => i % 4 == 3).ToArray();

    /// <summary>A window of the photo starting at (left, top).</summary>
    public static RgbImage Crop(RgbImage image, int left, int top, int width, int height)
    {
        var crop = new RgbImage(width, height);
        for (var c = 0; c < 3; c++)
            for (var y = 0; y < height; y++)
                image.Plane(c).Slice((top + y) * image.Width + left, width).CopyTo(crop.Plane(c).Slice(y * width, width));
        return crop;
    }

    private static readonly Lazy<ImageClassifier> resnet = new(() => ImageClassifier.Load(ModelCatalog.Default, "resnet18"));

    /// <summary>ResNet18 from the catalog, loaded once per test run (it is read-only).</summary>
    public static ImageClassifier ResNet18 => resnet.Value;
}
