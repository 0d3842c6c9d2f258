using DeepDream.Core.Dreaming;
using DeepDream.Core.Inference;
using DeepDream.Core.Onnx;
using DeepDream.Tests.Support;
using Xunit.Abstractions;
using static DeepDream.Tests.Objectives.ObjectiveTestModels;

namespace DeepDream.Tests.Objectives;

/// <summary>Dreaming ResNet18's view of the astronaut toward a photo of a cat.</summary>
public sealed class GuideTermTests(ITestOutputHelper output) : IDisposable
{
    private readonly DreamSessionCache sessions = new();

    public void Dispose() => sessions.Dispose();

    [Theory]
    [InlineData("layer3.1")]
    [InlineData("layer2.1")]
    public void The_guided_dream_s_features_match_the_guide_better_than_a_plain_dream_s(string layer)
    {
        var model = TestData.ResNet18;
        var photo = TestData.Crop(TestData.Photo("astronaut.png"), 150, 40, 224, 224);
        var guide = TestData.Crop(TestData.Photo("chelsea.png"), 100, 20, 256, 224);
        var settings = new DreamSettings { Objective = Objective.Layer(layer), Octaves = 2, Iterations = 10, Device = ExecutionDevice.Cpu };
        var dreamer = new Dreamer(model, sessions);
        var plain = dreamer.Dream(photo, settings);
        var guided = dreamer.Dream(photo, settings with { Objective = Objective.Guide(guide, layer) });

        // The objective's own measure (the mean over positions of the best dot product with a
        // guide feature, border left out), and the same with cosines, which a plain dream's
        // larger activations cannot raise.
        var measure = new Evaluator(sessions, model, Objective.Guide(guide, layer), photo.Width, photo.Height);
        var (original, dreamedPlain, dreamedGuided) = (measure.Loss(photo.Rgb), measure.Loss(plain.Rgb), measure.Loss(guided.Rgb));
        var tensor = model.ResolveLayer(layer);
        var guideFeatures = Features.Of(model, tensor, guide);
        var cosines = new[] { photo, plain, guided }.Select(i => Features.Of(model, tensor, i).MeanBestCosine(guideFeatures)).ToArray();
        output.WriteLine($"{layer}: guide objective original {original:F2}, plain dream {dreamedPlain:F2}, guided dream {dreamedGuided:F2}; " +
            $"mean best cosine original {cosines[0]:F4}, plain {cosines[1]:F4}, guided {cosines[2]:F4}");

        Assert.True(dreamedGuided > dreamedPlain * 1.05, $"guide objective: plain {dreamedPlain}, guided {dreamedGuided}");
        Assert.True(cosines[2] > cosines[1] + 0.02, $"best cosine: plain {cosines[1]}, guided {cosines[2]}");
    }

    [Fact]
    public void The_guide_s_features_are_computed_once_at_a_size_the_model_takes()
    {
        var model = TestData.ResNet18;
        // 500x300 is larger than the guide's largest side and not a size ResNet18 takes at stride 16.
        var guide = TestData.Crop(TestData.Photo("chelsea.png"), 0, 0, 451, 300);
        var term = (GuideTerm)Objective.Guide(guide, "layer3.1").Resolve(model).Terms[0].Term;
        Assert.Equal(model.ResolveLayer("layer3.1"), term.Layer);
        Assert.Equal(256, term.FeatureChannels);
        var positions = term.Features!.Length / term.FeatureChannels;
        output.WriteLine($"guide 451x300 -> {positions} positions of 256 channels");
        Assert.InRange(positions, 20 * 13, 24 * 16);
        Assert.Same(term, term.Resolve(model));
    }

    [Fact]
    public void A_guide_at_a_layer_that_is_not_a_feature_map_is_refused()
    {
        var guide = TestData.Crop(TestData.Photo("chelsea.png"), 0, 0, 64, 64);
        var e = Assert.ThrowsAny<Exception>(() => Objective.Guide(guide, "logits").Resolve(Tiny()));
        output.WriteLine($"{e.GetType().Name}: {e.Message}");
        Assert.IsType<ModelException>(e);
    }

    [Fact]
    public void A_guide_s_features_are_computed_once_per_model_image_and_layer()
    {
        var model = TestData.ResNet18;
        var guide = TestData.Crop(TestData.Photo("chelsea.png"), 100, 20, 128, 128);
        var first = Objective.Guide(guide, "layer3.1").Resolve(model).Terms.Single().Term;
        var again = Objective.Guide(guide, "layer3.1").Resolve(model).Terms.Single().Term;
        var otherLayer = Objective.Guide(guide, "layer2.1").Resolve(model).Terms.Single().Term;
        var otherImage = Objective.Guide(TestData.Crop(TestData.Photo("chelsea.png"), 100, 20, 128, 128), "layer3.1").Resolve(model).Terms.Single().Term;

        Assert.Same(first, again);
        Assert.NotEqual(first.Key, otherLayer.Key);
        Assert.NotSame(first, otherImage);
        Assert.Equal(first.Key, otherImage.Key); // the same pixels give the same features
    }
}
