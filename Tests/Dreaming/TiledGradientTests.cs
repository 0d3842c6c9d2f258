using DeepDream.Core.Dreaming;
using DeepDream.Core.Inference;
using DeepDream.Tests.Support;
using Xunit.Abstractions;

namespace DeepDream.Tests.Dreaming;

/// <summary>Tiles must not print into the result: a tiled step equals an untiled one away from the tile borders.</summary>
public sealed class TiledGradientTests(ITestOutputHelper output)
{
    [Fact]
    public void Tiled_and_untiled_steps_agree_away_from_tile_borders()
    {
        var model = TestData.ResNet18;
        var photo = TestData.Crop(TestData.Photo("astronaut.png"), 32, 96, 448, 320);
        var layers = new[] { "layer2.1", "layer3.1" };
        var settings = new DreamSettings { Objective = Objective.Layers(layers), Device = ExecutionDevice.Cpu };
        var objective = settings.Objective.Resolve(model);

        var whole = Step(new TiledGradient(model, objective, settings with { TileSize = 512 }, DreamSessionCache.Shared), photo);
        var tiled = new TiledGradient(model, objective, settings with { TileSize = 256 }, DreamSessionCache.Shared);
        Assert.Equal(256, tiled.TileSize);
        var split = Step(tiled, photo);

        // Tiles along x start at 0 and 192, along y at 0 and 64 (overlap 64): their inner edges
        // are x = 192, 256 and y = 64, 256. Compare pixels at least 48 px away from those.
        bool Away(int v, int[] edges) => edges.All(e => Math.Abs(v - e) >= 48);
        double diff = 0, norm = 0, worst = 0;
        for (var c = 0; c < 3; c++)
            for (var y = 0; y < photo.Height; y++)
                for (var x = 0; x < photo.Width; x++)
                {
                    if (!Away(x, [192, 256]) || !Away(y, [64, 256])) continue;
                    var i = (c * photo.Height + y) * photo.Width + x;
                    diff += Math.Pow(split[i] - whole[i], 2);
                    norm += Math.Pow(whole[i], 2);
                    worst = Math.Max(worst, Math.Abs(split[i] - whole[i]));
                }
        var relative = Math.Sqrt(diff / norm);
        output.WriteLine($"relative L2 difference of the steps away from tile borders: {relative:E2}; largest pixel difference {worst:E2} (step 0.01)");
        Assert.True(relative < 0.10, $"relative difference {relative:E2}");
    }

    /// <summary>The ascent step (step 0.01) the engine would take, per pixel.</summary>
    private static float[] Step(TiledGradient field, Core.Imaging.RgbImage image)
    {
        var gradient = new Half[image.Rgb.Length];
        field.Compute(image, 0, 0, gradient, CancellationToken.None);
        var pixels = new float[gradient.Length];
        Array.Fill(pixels, 0.5f);
        Assert.True(AscentStep.Apply(pixels, gradient, 0.01));
        return pixels.Select(p => p - 0.5f).ToArray();
    }
}
