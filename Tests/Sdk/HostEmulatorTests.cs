using DeepDream.Tests.Plugin;
using DeepDream.Tests.Support;
using PaintDotNet.Effects;
using PaintDotNet.HostEmulator;
using PaintDotNet.Imaging;
using PaintDotNet.PropertySystem;
using PaintDotNet.Rendering;

namespace DeepDream.Tests.Sdk;

/// <summary>
/// The host emulator holds an effect to what Paint.NET does: an output buffer that starts
/// transparent, exceptions out of OnRender in the error dialog (a cancelled effect must return,
/// not throw), and OnSetToken and OnDispose that call their base.
/// </summary>
public sealed class HostEmulatorTests
{
    private static EmulatedBitmap<ColorBgra32> Layer() => PluginHost.Layer(TestData.Crop(TestData.Photo("chelsea.png"), 0, 0, 48, 40));

    [Fact]
    public void The_output_starts_transparent_so_pixels_an_effect_leaves_unwritten_show()
    {
        using var layer = Layer();
        using var host = new EffectHost(new TestEffect(), layer, tileSize: 16);
        host.SetToken(host.CreatePropertyCollection());
        var rendered = host.Render()!;
        Assert.All(rendered, pixel => Assert.Equal(default, pixel));
    }

    [Fact]
    public void An_uninitialized_output_buffer_holds_garbage()
    {
        using var layer = Layer();
        using var host = new EffectHost(new TestEffect { Flags = BitmapEffectRenderingFlags.UninitializedOutputBuffer }, layer);
        host.SetToken(host.CreatePropertyCollection());
        Assert.All(host.Render()!, pixel => Assert.NotEqual(default, pixel));
    }

    [Fact]
    public void An_exception_out_of_OnRender_ends_in_the_error_dialog()
    {
        using var layer = Layer();
        using var host = new EffectHost(new TestEffect { Render = _ => throw new InvalidOperationException("broken") }, layer, tileSize: 16);
        host.SetToken(host.CreatePropertyCollection());
        var e = Assert.Throws<EffectErrorDialogException>(() => host.Render());
        Assert.Equal("broken", e.InnerException!.Message);
    }

    [Fact]
    public async Task A_cancelled_effect_that_returns_is_dropped_quietly_but_one_that_throws_reaches_the_error_dialog()
    {
        using var layer = Layer();
        using var polite = new EffectHost(new TestEffect { Render = cancel => cancel.WaitHandle.WaitOne() }, layer);
        polite.SetToken(polite.CreatePropertyCollection());
        var dropped = polite.RenderAsync();
        await Task.Delay(100);
        polite.SetToken(polite.CreatePropertyCollection());
        Assert.Null(await dropped);

        using var rude = new EffectHost(new TestEffect { Render = cancel => { cancel.WaitHandle.WaitOne(); cancel.ThrowIfCancellationRequested(); } }, layer);
        rude.SetToken(rude.CreatePropertyCollection());
        var failed = rude.RenderAsync();
        await Task.Delay(100);
        rude.SetToken(rude.CreatePropertyCollection());
        var e = await Assert.ThrowsAsync<EffectErrorDialogException>(() => failed);
        Assert.IsType<OperationCanceledException>(e.InnerException);
    }

    [Fact]
    public void An_OnSetToken_that_skips_its_base_is_caught()
    {
        using var layer = Layer();
        using var host = new EffectHost(new TestEffect { CallBaseOnSetToken = false }, layer);
        var e = Assert.Throws<InvalidOperationException>(() => host.SetToken(host.CreatePropertyCollection()));
        Assert.Contains("OnSetToken", e.Message);
    }

    [Fact]
    public void An_OnDispose_that_skips_its_base_is_caught()
    {
        using var layer = Layer();
        var host = new EffectHost(new TestEffect { CallBaseOnDispose = false }, layer);
        var e = Assert.Throws<InvalidOperationException>(host.Dispose);
        Assert.Contains("OnDispose", e.Message);
    }

    /// <summary>An effect that writes nothing unless told what to do in each tile.</summary>
    private sealed class TestEffect() : PropertyBasedBitmapEffect("Test", null, BitmapEffectOptions.Create())
    {
        public BitmapEffectRenderingFlags Flags { get; init; }
        public Action<CancellationToken>? Render { get; init; }
        public bool CallBaseOnSetToken { get; init; } = true;
        public bool CallBaseOnDispose { get; init; } = true;

        protected override PropertyCollection OnCreatePropertyCollection() => new([]);

        protected override void OnInitializeRenderInfo(IBitmapEffectRenderInfo renderInfo) => renderInfo.Flags = Flags;

        protected override void OnSetToken(PropertyBasedEffectConfigToken? newToken)
        {
            if (CallBaseOnSetToken)
                base.OnSetToken(newToken);
        }

        protected override void OnRender(IBitmapEffectOutput output) => Render?.Invoke(CancellationToken);

        protected override void OnDispose(bool disposing)
        {
            if (CallBaseOnDispose)
                base.OnDispose(disposing);
        }
    }
}
