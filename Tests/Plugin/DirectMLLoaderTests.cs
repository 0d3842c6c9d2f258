using DeepDream.Core.Inference;
using DeepDream.Plugin;

namespace DeepDream.Tests.Plugin;

/// <summary>DirectML.dll is loaded just before the first DirectML dream, never when Paint.NET builds its menus.</summary>
public sealed class DirectMLLoaderTests
{
    [Fact]
    public void Constructing_the_effect_loads_nothing_and_only_a_directml_dream_asks_for_the_library()
    {
        var before = DirectMLLoader.Requests;
        using (new DeepDreamEffect())
            Assert.Equal(before, DirectMLLoader.Requests);

        DirectMLLoader.BeforeDream(ExecutionDevice.Cpu);
        DirectMLLoader.BeforeDream(ExecutionDevice.Cuda);
        Assert.Equal(before, DirectMLLoader.Requests);
        DirectMLLoader.BeforeDream(ExecutionDevice.DirectML);
        Assert.Equal(before + 1, DirectMLLoader.Requests);
    }
}
