using DeepDream.Core.Dreaming;
using DeepDream.Core.Imaging;
using DeepDream.Core.Inference;
using DeepDream.Core.Onnx;
using DeepDream.Tests.Support;
using Xunit.Abstractions;
using static DeepDream.Tests.Objectives.ObjectiveTestModels;

namespace DeepDream.Tests.Objectives;

/// <summary>Objectives as values: how terms combine, what a weight changes, and what is refused.</summary>
public sealed class ObjectiveTests(ITestOutputHelper output)
{
    private static RgbImage Cat(int width = 96, int height = 64) => TestData.Crop(TestData.Photo("chelsea.png"), 150, 60, width, height);

    private static DreamSettings Quick(Objective objective) =>
        new() { Objective = objective, Octaves = 1, Iterations = 2, Device = ExecutionDevice.Cpu };

    [Fact]
    public void Equal_terms_merge_their_weights_and_distinct_terms_stay_apart()
    {
        var layers = Objective.Layer("layer3.1") + 2 * Objective.Layer("layer3.1");
        var (term, weight) = Assert.Single(layers.Terms);
        Assert.Equal((new LayerTerm("layer3.1"), 3.0), (term, weight));

        // A channel set is a set: order and repeats do not make another term.
        var channels = Objective.Channels("layer3.1", 5, 3) + 0.5 * Objective.Channels("layer3.1", 3, 5, 5);
        var merged = Assert.Single(channels.Terms);
        Assert.Equal([3, 5], ((ChannelTerm)merged.Term).Channels);
        Assert.Equal(1.5, merged.Weight);

        var guide = Cat();
        var sum = Objective.Layer("layer3.1") + Objective.Channels("layer3.1", 3) + Objective.Class(107) + Objective.Guide(guide, "layer3.1")
            + Objective.Class(107) + Objective.Guide(guide, "layer3.1") + Objective.Guide(Cat(), "layer3.1") + Objective.Channels("layer2.1", 3);
        output.WriteLine(sum.ToString());
        Assert.Equal([1.0, 1, 2, 2, 1, 1], sum.Terms.Select(t => t.Weight));
        Assert.Equal("1 x layer layer3.1 + 1 x channel 3 of layer layer3.1 + 2 x class 107 + 2 x guide image at layer layer3.1 + " +
            "1 x guide image at layer layer3.1 + 1 x channel 3 of layer layer2.1", sum.ToString());
    }

    [Fact]
    public void A_factor_scales_every_weight_and_leaves_the_key_alone()
    {
        var objective = Objective.Layer("layer2.1") + 0.5 * Objective.Channels("layer3.1", 7);
        var scaled = 4 * objective;
        Assert.Equal([4.0, 2.0], scaled.Terms.Select(t => t.Weight));
        Assert.Equal(objective.Key, scaled.Key);
        Assert.Equal([4f, 2f], scaled.Weights);
    }

    [Fact]
    public void Zero_weights_turn_terms_off()
    {
        var objective = Objective.Layer("layer3.1") + 0 * Objective.Channels("layer2.1", 7) + 0 * Objective.Class(107);
        Assert.Equal(3, objective.Terms.Count);
        Assert.Equal(new LayerTerm("layer3.1"), Assert.Single(objective.Active.Terms).Term);
        objective.Validate();

        // A class term at weight 0 is never resolved, so ResNet18, which has no classes, dreams as without it.
        var dreamer = new Dreamer(TestData.ResNet18);
        Assert.Equal(dreamer.Dream(Cat(), Quick(Objective.Layer("layer3.1"))).Rgb, dreamer.Dream(Cat(), Quick(objective)).Rgb);

        var e = Assert.Throws<DreamSettingsException>(() => (0 * objective).Validate());
        Assert.Contains("all weights are zero", e.Message);
    }

    [Fact]
    public void The_loss_and_gradient_of_a_sum_are_the_weighted_sums_of_its_terms()
    {
        using var sessions = new DreamSessionCache();
        var image = Cat(64, 64);
        var model = Tiny();
        var (a, b) = (Objective.Class(107), Objective.Channels(TinyFeatures, 2, 9));
        (float Loss, float[] Gradient) At(Objective o) => new Evaluator(sessions, model, o, image.Width, image.Height).LossAndGradient(image.Rgb);
        var (la, ga) = At(a);
        var (lb, gb) = At(b);
        var (sum, gsum) = At(3 * a + 0.25 * b);
        output.WriteLine($"class {la}, channels {lb}, 3 x class + 0.25 x channels {sum}");
        Assert.Equal(3 * la + 0.25 * lb, sum, 1e-6);
        var largest = gsum.Max(Math.Abs);
        Assert.All(gsum.Select((g, i) => Math.Abs(g - (3 * ga[i] + 0.25f * gb[i])) / largest), d => Assert.True(d < 1e-5, $"{d}"));
    }

    [Fact]
    public void A_new_weight_reuses_the_session_and_new_terms_build_one()
    {
        using var sessions = new DreamSessionCache();
        var dreamer = new Dreamer(TestData.ResNet18, sessions);
        var guide = Cat();
        void Dream(Objective objective, int expected)
        {
            dreamer.Dream(Cat(), Quick(objective));
            output.WriteLine($"{objective}: {sessions.Count} sessions");
            Assert.Equal(expected, sessions.Count);
        }

        Dream(Objective.Layer("layer2.1") + Objective.Channels("layer3.1", 7), 1);
        Dream(3 * Objective.Layer("layer2.1") + 0.25 * Objective.Channels("layer3.1", 7), 1);
        Dream(Objective.Layer("layer2.1") + Objective.Channels("layer3.1", 7, 8), 2);
        Dream(Objective.Guide(guide, "layer3.1"), 3);
        Dream(5 * Objective.Guide(guide, "layer3.1"), 3);
        // Another image with the same pixels has the same features: the same graph.
        Dream(Objective.Guide(Cat(), "layer3.1"), 3);
        Dream(Objective.Guide(TestData.Crop(TestData.Photo("astronaut.png"), 150, 40, 96, 64), "layer3.1"), 4);
        Dream(Objective.Guide(guide, "layer2.1"), 5);
    }

    [Fact]
    public void Validation_messages_name_the_term()
    {
        void Refused(Objective objective, string expected)
        {
            var e = Assert.Throws<DreamSettingsException>(() => Quick(objective).Validate());
            output.WriteLine(e.Message);
            Assert.Contains(expected, e.Message);
        }

        Refused(Objective.Layer("layer3.1") + -1 * Objective.Channels("layer3.1", 5), "weight of channel 5 of layer layer3.1 must be between 0 and 100 (got -1)");
        Refused(200 * Objective.Class(107), "weight of class 107 must be between 0 and 100 (got 200)");
        Refused(Objective.Layer("layer2.1") + double.NaN * Objective.Guide(Cat(), "layer3.1"), "weight of guide image at layer layer3.1 must be between 0 and 100 (got NaN)");
        Refused(Objective.Layer("layer2.1") + 2 * Objective.Channels("layer3.1", 9, 4) + double.PositiveInfinity * Objective.Channels("layer3.1", 4, 9), "weight of channels 4,9 of layer layer3.1");
        Refused(Objective.None, "at least one layer, channel, class or guide is needed");
        Assert.Throws<ArgumentException>(() => Objective.Channels("layer3.1"));
    }

    [Theory]
    [InlineData("layer3.1", 256, "Layer layer3.1 of model 'ResNet18.onnx' has channels 0 to 255; there is no channel 256.")]
    [InlineData("layer2.1", -1, "Layer layer2.1 of model 'ResNet18.onnx' has channels 0 to 127; there is no channel -1.")]
    [InlineData("layer9", 1, "Model 'ResNet18.onnx' has no layer 'layer9'.")]
    public void Channels_and_layers_the_model_lacks_are_refused_by_name(string layer, int channel, string expected)
    {
        var e = Assert.Throws<ModelException>(() => new Dreamer(TestData.ResNet18).Dream(Cat(), Quick(Objective.Channels(layer, channel))));
        output.WriteLine(e.Message);
        Assert.Contains(expected, e.Message);
    }
}
