using DeepDream.Core.Dreaming;
using DeepDream.Core.Inference;
using DeepDream.Tests.Plugin;
using DeepDream.Tests.Support;
using PaintDotNet.HostEmulator;
using PaintDotNet.Imaging;

namespace DeepDream.Tests.Reliability;

/// <summary>Two dreams at once in one process (a CLI batch, two plugin instances) share cached sessions and models safely.</summary>
public sealed class ConcurrencyTests
{
    [Fact]
    public async Task Two_dreams_at_once_equal_the_same_dreams_one_after_the_other()
    {
        var settings = new DreamSettings { Objective = Objective.Layers(new Dictionary<string, double> { ["layer2.1"] = 1 }), Octaves = 2, Iterations = 3, Device = ExecutionDevice.Cpu };
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

    [Fact]
    public async Task Two_plugin_instances_rendering_at_once_equal_each_one_rendering_alone()
    {
        using var catLayer = PluginHost.Layer(TestData.Crop(TestData.Photo("chelsea.png"), 100, 40, 150, 110));
        using var astronautLayer = PluginHost.Layer(TestData.Crop(TestData.Photo("astronaut.png"), 150, 60, 130, 140));

        ColorBgra32[]?[] Render(params (EmulatedBitmap<ColorBgra32> Layer, int Seed)[] jobs)
        {
            var hosts = jobs.Select(job => PluginHost.Host(job.Layer)).ToList();
            try
            {
                foreach (var (host, job) in hosts.Zip(jobs))
                    host.SetToken(PluginHost.QuickSettings(host, seed: job.Seed));
                return Task.WhenAll(hosts.Select(h => h.RenderAsync())).GetAwaiter().GetResult();
            }
            finally
            {
                hosts.ForEach(h => h.Dispose());
            }
        }

        var together = await Task.Run(() => Render((catLayer, 1), (astronautLayer, 2)));
        Assert.Equal(Render((catLayer, 1))[0], together[0]);
        Assert.Equal(Render((astronautLayer, 2))[0], together[1]);
    }
}
