using DeepDream.Core.Inference;
using DeepDream.Core.Onnx.DreamGraph;
using DeepDream.Tests.Support;
using Xunit.Abstractions;

namespace DeepDream.Tests.Onnx;

/// <summary>The dream graph of the real ResNet18 on a real photo, checked against finite differences.</summary>
public sealed class ResNet18GradientTests(ITestOutputHelper output)
{
    private const int Size = 224;

    public static TheoryData<string[]> LayerSets() => new()
    {
        new[] { "layer2.1" },
        new[] { "layer3.1" },
        new[] { "stem", "layer1.1", "layer4.1" },
    };

    [Theory]
    [MemberData(nameof(LayerSets))]
    public void Gradient_matches_finite_differences_at_random_pixels(string[] layers)
    {
        var (session, image, weights, gradient, loss) = GradientAtAstronaut(layers);
        Assert.True(loss > 0);

        // A float32 loss resolves changes of about 1e-6 of itself, too coarse for one pixel's
        // derivative, and a ReLU network bends within a few 1/1000: so each probe moves a 16x16
        // patch around a random pixel along the gradient there (d), by h = 1e-3, and compares
        // (L(x + h d) - L(x - h d)) / 2h with gradient . d. (Measured: the difference shrinks
        // steadily as h goes from 3e-2 to 1e-3, as it does for an exact gradient.)
        var random = new Random(7);
        const float h = 1e-3f;
        var probe = new float[gradient.Length];
        var largest = gradient.Max(Math.Abs);
        var errors = new List<double>();
        for (var k = 0; k < 6; k++)
        {
            var (cx, cy) = (random.Next(8, Size - 8), random.Next(8, Size - 8));
            var direction = new float[image.Length];
            for (var c = 0; c < 3; c++)
                for (var y = cy - 8; y < cy + 8; y++)
                    for (var x = cx - 8; x < cx + 8; x++)
                    {
                        var i = c * Size * Size + y * Size + x;
                        direction[i] = gradient[i] / largest;
                    }
            var analytic = gradient.Select((g, i) => (double)g * direction[i]).Sum();
            var up = session.Run(image.Select((v, i) => v + h * direction[i]).ToArray(), Size, Size, weights, probe);
            var down = session.Run(image.Select((v, i) => v - h * direction[i]).ToArray(), Size, Size, weights, probe);
            var numeric = (up - down) / (2.0 * h);
            // Each float32 loss is off by up to half a unit in its last place, so the quotient
            // cannot resolve less than ulp(loss) / 2h: differences within that are rounding.
            var resolution = MathF.BitIncrement(Math.Max(up, down)) - Math.Max(up, down);
            errors.Add(Math.Max(Math.Abs(numeric - analytic) - resolution / (2.0 * h), 0) / Math.Abs(analytic));
            output.WriteLine($"patch at ({cx},{cy}): analytic {analytic:E4} numeric {numeric:E4} relative error {errors[^1]:E2}");
        }
        errors.Sort();
        var (median, worst) = (errors[errors.Count / 2], errors[^1]);
        output.WriteLine($"{string.Join('+', layers)}: median relative error {median:E2}, worst {worst:E2} over 6 patches, loss {loss}");
        Assert.True(median < 0.05 && worst < 0.1, $"median relative error {median:E2}, worst {worst:E2}");
    }

    [Theory]
    [MemberData(nameof(LayerSets))]
    public void The_gradient_predicts_the_loss_along_its_own_direction(string[] layers)
    {
        var (session, image, weights, gradient, _) = GradientAtAstronaut(layers);
        var largest = gradient.Max(Math.Abs);
        var predicted = gradient.Sum(g => (double)g * g / largest);
        // Measured: the error falls from ~4e-2 at h = 1e-3 to ~1e-2 at 2e-4 and ~4e-3 at 5e-5, as it
        // does for an exact gradient of a function that bends at every ReLU.
        const float h = 5e-5f;
        var scratch = new float[image.Length];
        var up = session.Run(image.Select((v, i) => v + h * gradient[i] / largest).ToArray(), Size, Size, weights, scratch);
        var down = session.Run(image.Select((v, i) => v - h * gradient[i] / largest).ToArray(), Size, Size, weights, scratch);
        var error = Math.Abs((up - down) / (2.0 * h) - predicted) / predicted;
        output.WriteLine($"{string.Join('+', layers)}: directional derivative along the gradient, relative error {error:E2}");
        Assert.True(error < 0.01, $"{error:E2}");
    }

    /// <summary>The session for the layers (weights 1, 1/2, 1/3...) and its loss and gradient at a 224x224 window of astronaut.png.</summary>
    private static (DreamSession Session, float[] Image, float[] Weights, float[] Gradient, float Loss) GradientAtAstronaut(string[] layers)
    {
        var model = TestData.ResNet18;
        var targets = layers.Select(model.ResolveLayer).ToList();
        var session = DreamSessionCache.Shared.Get(model, Objective.Layers(targets), DreamGraphBuilder.DefaultBorder, ExecutionDevice.Cpu, Size, Size);
        var image = TestData.Crop(TestData.Photo("astronaut.png"), 150, 40, Size, Size).Rgb;
        var weights = layers.Select((_, i) => 1f / (i + 1)).ToArray();
        var gradient = new float[image.Length];
        var loss = session.Run(image, Size, Size, weights, gradient);
        return (session, image, weights, gradient, loss);
    }

    [Fact]
    public void Loss_rises_after_a_small_step_along_the_gradient()
    {
        var model = TestData.ResNet18;
        var targets = new[] { "layer2.1", "layer3.1" }.Select(model.ResolveLayer).ToList();
        var session = DreamSessionCache.Shared.Get(model, Objective.Layers(targets), DreamGraphBuilder.DefaultBorder, ExecutionDevice.Cpu, Size, Size);
        var image = TestData.Crop(TestData.Photo("chelsea.png"), 100, 40, Size, Size).Rgb;
        float[] weights = [0.5f, 1f];
        var gradient = new float[image.Length];
        var before = session.Run(image, Size, Size, weights, gradient);
        var meanAbs = gradient.Average(Math.Abs);
        var stepped = image.Select((v, i) => v + 0.002f * gradient[i] / meanAbs).ToArray();
        var after = session.Run(stepped, Size, Size, weights, new float[image.Length]);
        output.WriteLine($"loss {before} -> {after}");
        Assert.True(after > before * 1.001, $"loss {before} -> {after}");
    }
}
