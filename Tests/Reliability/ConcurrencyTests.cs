using DeepDream.Core.Dreaming;
using DeepDream.Core.Inference;
using DeepDream.Tests.Support;

namespace DeepDream.Tests.Reliability;

/// <summary>Two dreams at once in one process (a CLI batch, two plugin instances) share cached sessions safely.</summary>
public sealed class ConcurrencyTests
{
    [Fact]
    public async Task Two_dreams_at_once_equal_the_same_dreams_one_after_the_other()
    {
        var settings = new DreamSettings { LayerWeights = new Dictionary<string, double> { ["layer2.1"] = 1 }, Octaves = 2, Iterations = 3, Device = ExecutionDevice.Cpu };
        var cat = TestData.Crop(TestData.Photo("chelsea.png"), 100, 40, 150, 110);
        var astronaut = TestData.Crop(TestData.Photo("astronaut.png"), 150, 60, 130, 140);
        using var cache = new DreamSessionCache();
        var dreamer = new Dreamer(TestData.ResNet18, cache);

        var together = await Task.WhenAll(
            Task.Run(() => dreamer.Dream(cat, settings with { Seed = 1 })),
            Task.Run(() => dreamer.Dream(astronaut, settings with { Seed = 2 })));
        Assert.Equal(1, cache.Count);

        Assert.Equal(dreamer.Dream(cat, settings with { Seed = 1 }).Rgb, together[0].Rgb);
        Assert.Equal(dreamer.Dream(astronaut, settings with { Seed = 2 }).Rgb, together[1].Rgb);
    }
}
