using DeepDream.Core.Dreaming;
using DeepDream.Core.Inference;
using DeepDream.Tests.Support;

namespace DeepDream.Tests.Dreaming;

/// <summary>Terms kept in the dream graph at weight 0, as the atlas uses them to dream many channels with one graph.</summary>
public sealed class ZeroWeightTermTests
{
    [Fact]
    public void Zero_weight_terms_are_left_out_unless_kept_and_all_zero_is_still_refused()
    {
        var objective = Objective.Channels("layer3.1", 1) + 0 * Objective.Channels("layer3.1", 2);
        Assert.Single(objective.Active.Terms);
        Assert.Equal(2, objective.KeepingZeroWeights().Active.Terms.Count);
        var silent = (0 * Objective.Channels("layer3.1", 1)).KeepingZeroWeights();
        Assert.Contains("all weights are zero", Assert.Throws<DreamSettingsException>(() => silent.Validate()).Message);
    }

    [Fact]
    public void Objectives_that_differ_only_in_weights_share_a_session_and_dream_as_their_active_terms_alone()
    {
        var settings = new DreamSettings { Objective = Objective.None, Octaves = 1, Iterations = 3, Device = ExecutionDevice.Cpu };
        var start = TestData.Crop(TestData.Photo("chelsea.png"), 150, 60, 64, 64);
        static Objective Only(int channel) => ((channel == 5 ? 1 : 0) * Objective.Channels("layer3.1", 5)
            + (channel == 9 ? 1 : 0) * Objective.Channels("layer3.1", 9)).KeepingZeroWeights();
        using var sessions = new DreamSessionCache();
        var dreamer = new Dreamer(TestData.ResNet18, sessions);
        var five = dreamer.Dream(start, settings with { Objective = Only(5) });
        var nine = dreamer.Dream(start, settings with { Objective = Only(9) });
        Assert.Equal(1, sessions.Count);
        Assert.NotEqual(five.Rgb, nine.Rgb);
        var alone = new Dreamer(TestData.ResNet18).Dream(start, settings with { Objective = Objective.Channels("layer3.1", 5) });
        Assert.Equal(alone.Rgb, five.Rgb);
    }
}
