namespace DeepDream.Tests.Objectives;

/// <summary>
/// A float32 dream graph's gradient against central differences of its own loss, as
/// ResNet18GradientTests checks the layer loss: per-pixel differences drown in float32 rounding,
/// so each probe moves a patch of pixels along the gradient there.
/// </summary>
internal static class FiniteDifferences
{
    public sealed record Errors(double Median, double Worst, double AlongGradient);

    /// <param name="loss">The loss at an image of <paramref name="width"/> x <paramref name="height"/>.</param>
    /// <param name="gradient">The graph's gradient at <paramref name="image"/>.</param>
    public static Errors Check(Func<float[], float> loss, float[] image, float[] gradient, int width, int height,
        Action<string> log, int patches = 6, int half = 8, float h = 1e-3f, float alongH = 5e-5f, int seed = 7)
    {
        var random = new Random(seed);
        var largest = gradient.Max(Math.Abs);
        Assert.True(largest > 0, "the gradient is zero everywhere: the check would check nothing");
        var errors = new List<double>();
        for (var k = 0; k < patches; k++)
        {
            var (cx, cy) = (random.Next(half, width - half), random.Next(half, height - half));
            var direction = new float[image.Length];
            for (var c = 0; c < 3; c++)
                for (var y = cy - half; y < cy + half; y++)
                    for (var x = cx - half; x < cx + half; x++)
                    {
                        var i = (c * height + y) * width + x;
                        direction[i] = gradient[i] / largest;
                    }
            var (error, analytic, numeric) = Directional(loss, image, gradient, direction, h);
            errors.Add(error);
            log($"patch at ({cx},{cy}): analytic {analytic:E4} numeric {numeric:E4} relative error {error:E2}");
        }
        var along = Directional(loss, image, gradient, gradient.Select(g => g / largest).ToArray(), alongH).Error;
        errors.Sort();
        var result = new Errors(errors[errors.Count / 2], errors[^1], along);
        log($"median relative error {result.Median:E2}, worst {result.Worst:E2} over {patches} patches; along the gradient {result.AlongGradient:E2}");
        return result;
    }

    /// <summary>|(L(x + h d) - L(x - h d)) / 2h - g . d| / |g . d|, less what float32 rounding of the two losses can explain.</summary>
    private static (double Error, double Analytic, double Numeric) Directional(Func<float[], float> loss, float[] image, float[] gradient, float[] direction, float h)
    {
        var analytic = gradient.Select((g, i) => (double)g * direction[i]).Sum();
        var up = loss(image.Select((v, i) => v + h * direction[i]).ToArray());
        var down = loss(image.Select((v, i) => v - h * direction[i]).ToArray());
        var numeric = (up - down) / (2.0 * h);
        var top = Math.Max(Math.Abs(up), Math.Abs(down));
        var resolution = MathF.BitIncrement(top) - top;
        return (Math.Max(Math.Abs(numeric - analytic) - resolution / (2.0 * h), 0) / Math.Abs(analytic), analytic, numeric);
    }
}
