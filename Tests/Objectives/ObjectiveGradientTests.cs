using DeepDream.Core.Imaging;
using DeepDream.Core.Inference;
using DeepDream.Tests.Support;
using Xunit.Abstractions;
using static DeepDream.Tests.Objectives.ObjectiveTestModels;

namespace DeepDream.Tests.Objectives;

/// <summary>Each objective's gradient, from the dream graph's backward pass, against finite differences of its own loss.</summary>
public sealed class ObjectiveGradientTests(ITestOutputHelper output) : IDisposable
{
    private readonly DreamSessionCache sessions = new();

    public void Dispose() => sessions.Dispose();

    private static RgbImage Astronaut(int size) => TestData.Crop(TestData.Photo("astronaut.png"), 150, 40, size, size);
    private static RgbImage Cat(int size) => TestData.Crop(TestData.Photo("chelsea.png"), 120, 40, size, size);

    /// <summary>Model, objective and image of each case: ResNet18 at 160x160, the tiny classifiers at 64x64.</summary>
    private static (string Model, Objective Objective, RgbImage Image) Case(string name) => name switch
    {
        "layer" => ("resnet18", Objective.Layer("layer3.1"), Astronaut(160)),
        "channels" => ("resnet18", Objective.Channels("layer3.1", 42, 101), Astronaut(160)),
        "class" => (TinyFile, Objective.Class(107), Cat(64)),
        "class before softmax" => (TinySoftmaxFile, Objective.Class(107), Cat(64)),
        "guide" => ("resnet18", Objective.Guide(Cat(160), "layer3.1"), Astronaut(160)),
        "layer + channels" => ("resnet18", 0.5 * Objective.Layer("layer2.1") + 2 * Objective.Channels("layer3.1", 42), Astronaut(160)),
        "class + guide" => (TinyFile, 3 * Objective.Class(107) + 0.5 * Objective.Guide(Astronaut(64), TinyFeatures), Cat(64)),
        _ => throw new ArgumentException(name),
    };

    [Theory]
    [InlineData("layer")]
    [InlineData("channels")]
    [InlineData("class")]
    [InlineData("class before softmax")]
    [InlineData("guide")]
    [InlineData("layer + channels")]
    [InlineData("class + guide")]
    public void Gradient_matches_finite_differences_of_the_objective(string name)
    {
        var (modelName, objective, image) = Case(name);
        var evaluator = new Evaluator(sessions, Model(modelName), objective, image.Width, image.Height);
        var (loss, gradient) = evaluator.LossAndGradient(image.Rgb);
        output.WriteLine($"{name} ({evaluator.Resolved}) on {modelName}: loss {loss}");
        var errors = FiniteDifferences.Check(evaluator.Loss, image.Rgb, gradient, image.Width, image.Height, output.WriteLine);
        Assert.True(errors.Median < 0.05 && errors.Worst < 0.1 && errors.AlongGradient < 0.01, $"{name}: {errors}");
    }
}
