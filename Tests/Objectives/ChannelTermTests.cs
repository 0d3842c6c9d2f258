using DeepDream.Core.Dreaming;
using DeepDream.Core.Imaging;
using DeepDream.Core.Inference;
using DeepDream.Tests.Support;
using Xunit.Abstractions;

namespace DeepDream.Tests.Objectives;

/// <summary>Dreaming one channel of ResNet18 on a real photo.</summary>
public sealed class ChannelTermTests(ITestOutputHelper output) : IDisposable
{
    private readonly DreamSessionCache sessions = new();

    public void Dispose() => sessions.Dispose();

    private static RgbImage Cat() => TestData.Crop(TestData.Photo("chelsea.png"), 120, 40, 224, 224);

    [Theory]
    [InlineData("layer3.1", 42)]
    [InlineData("layer2.1", 7)]
    public void A_channel_objective_raises_its_channel_several_times_more_than_the_others(string layer, int channel)
    {
        var model = TestData.ResNet18;
        var photo = Cat();
        var settings = new DreamSettings { Objective = Objective.Channels(layer, channel), Octaves = 2, Iterations = 8, Device = ExecutionDevice.Cpu };
        var dreamed = new Dreamer(model, sessions).Dream(photo, settings);

        var tensor = model.ResolveLayer(layer);
        var before = Features.Of(model, tensor, photo).ChannelMeans();
        var after = Features.Of(model, tensor, dreamed).ChannelMeans();
        var change = after.Zip(before, (a, b) => a - b).ToArray();
        var others = change.Where((_, c) => c != channel).ToArray();
        var (othersMean, othersMagnitude) = (others.Average(), others.Average(Math.Abs));
        output.WriteLine($"{layer} channel {channel}: mean {before[channel]:F4} -> {after[channel]:F4} (+{change[channel]:F4}); " +
            $"the other channels' change on average {othersMean:F4} (ratio {change[channel] / othersMean:F0}), their mean |change| {othersMagnitude:F4} " +
            $"(ratio {change[channel] / othersMagnitude:F1}); largest other rise {others.Max():F4}");

        // The others' mean change is near zero (some rise, some fall), so the ratio is taken to their mean magnitude of change.
        Assert.True(change[channel] > 4 * othersMagnitude, $"channel {channel} +{change[channel]}, others' mean |change| {othersMagnitude}");
        Assert.True(change[channel] > others.Max(), $"channel {channel} +{change[channel]}, another rose {others.Max()}");
    }
}
