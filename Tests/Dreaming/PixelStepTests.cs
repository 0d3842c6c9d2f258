using DeepDream.Core.Dreaming;
using DeepDream.Core.Imaging;
using DeepDream.Core.Models;
using DeepDream.Tests.Support;

namespace DeepDream.Tests.Dreaming;

/// <summary>The small pixel-level pieces of the engine: the ascent step, resampling, tile layout, octaves.</summary>
public sealed class PixelStepTests
{
    [Fact]
    public void A_non_finite_gradient_skips_the_step_and_changes_nothing()
    {
        float[] pixels = [0.2f, 0.4f, 0.6f];
        Assert.False(AscentStep.Apply(pixels, [(Half)1f, Half.NaN, (Half)2f], 0.1));
        Assert.False(AscentStep.Apply(pixels, [(Half)1f, Half.PositiveInfinity, (Half)2f], 0.1));
        Assert.False(AscentStep.Apply(pixels, [Half.Zero, Half.Zero, Half.Zero], 0.1));
        Assert.Equal([0.2f, 0.4f, 0.6f], pixels);
    }

    [Fact]
    public void The_step_moves_pixels_by_step_over_mean_magnitude_and_stays_in_range()
    {
        float[] pixels = [0.5f, 0.5f, 0.99f];
        Assert.True(AscentStep.Apply(pixels, [(Half)1f, (Half)(-1f), (Half)1f], 0.1));
        Assert.Equal([0.6f, 0.4f, 1f], pixels);
    }

    [Fact]
    public void A_cancelled_step_stops_between_chunks()
    {
        var pixels = new float[300_000];
        var gradient = Enumerable.Repeat((Half)1f, pixels.Length).ToArray();
        Assert.Throws<OperationCanceledException>(() => AscentStep.Apply(pixels, gradient, 0.1, new CancellationToken(canceled: true)));
    }

    [Fact]
    public void Resizing_to_the_same_size_is_exact_and_a_flat_image_stays_flat()
    {
        var image = new RgbImage(5, 3, Enumerable.Range(0, 45).Select(i => i / 45f).ToArray());
        Assert.Equal(image.Rgb, Bilinear.Resize(image, 5, 3).Rgb);
        var flat = new RgbImage(7, 9, Enumerable.Repeat(0.25f, 3 * 63).ToArray());
        Assert.All(Bilinear.Resize(Bilinear.Resize(flat, 3, 4), 11, 13).Rgb, v => Assert.Equal(0.25f, v, 6));
    }

    [Fact]
    public void A_resized_view_reads_what_resizing_writes_and_an_8_bit_source_what_its_float_copy_gives()
    {
        var photo = TestData.Bytes(TestData.Crop(TestData.Photo("chelsea.png"), 10, 20, 37, 23));
        var view = Bilinear.ResizedView(photo, 19, 31);
        var rows = new float[3 * 19 * 31];
        for (var c = 0; c < 3; c++)
            for (var y = 0; y < 31; y++)
                view.Row(c, y, new float[19]).CopyTo(rows.AsSpan((c * 31 + y) * 19, 19));
        Assert.Equal(Bilinear.Resize(photo, 19, 31).Rgb, rows);
        Assert.Equal(Bilinear.Resize(photo.ToRgb(), 19, 31).Rgb, rows);
    }

    [Theory]
    [InlineData(1000, 512)]
    [InlineData(513, 512)]
    [InlineData(300, 512)]
    [InlineData(4096, 256)]
    public void Tiles_cover_the_axis_with_valid_sizes(int length, int tile)
    {
        var rule = new ValidSizeRule { FromStride = 8, Remainders = [0, 1, 2, 3] };
        var spans = TileLayout.Spans(length, tile, rule, 16);
        var covered = new bool[length];
        foreach (var s in spans)
        {
            Assert.True(rule.IsValid(s.ModelSize, 16));
            Assert.True(s.ModelSize >= s.Extent);
            for (var i = 0; i < s.Extent; i++)
            {
                covered[s.Start + i] = true;
                Assert.True(TileLayout.Weight(s, i) > 0);
            }
        }
        Assert.All(covered, Assert.True);
    }

    [Fact]
    public void Octaves_go_from_small_to_the_full_size_and_skip_sizes_below_the_minimum()
    {
        Assert.Equal([(261, 261), (366, 366), (512, 512)], Octaves.Sizes(512, 512, 3, 1.4, 32));
        Assert.Equal([(40, 40)], Octaves.Sizes(40, 40, 3, 1.4, 32));
        Assert.Empty(Octaves.Sizes(20, 20, 3, 1.4, 32));
    }
}
