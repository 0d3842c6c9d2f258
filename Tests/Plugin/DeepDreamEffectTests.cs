using DeepDream.Core.Dreaming;
using DeepDream.Core.Imaging;
using DeepDream.Core.Inference;
using DeepDream.Core.Models;
using DeepDream.Plugin.Dialog;
using DeepDream.Tests.Support;
using PaintDotNet.Effects;
using PaintDotNet.HostEmulator;
using PaintDotNet.Imaging;
using PaintDotNet.IndirectUI;
using PaintDotNet.PropertySystem;
using PaintDotNet.Rendering;
using Xunit.Abstractions;
using static DeepDream.Tests.Plugin.PluginHost;

namespace DeepDream.Tests.Plugin;

/// <summary>The DeepDream effect run by the host emulator on a real photo with the real model.</summary>
public sealed class DeepDreamEffectTests(ITestOutputHelper output)
{
    private static RgbImage Photo(int width = 160, int height = 120) => TestData.Crop(TestData.Photo("chelsea.png"), 150, 60, width, height);

    [Fact]
    public void Without_a_selection_the_whole_layer_dreams_exactly_as_the_engine_does()
    {
        var photo = Photo();
        using var layer = Layer(photo, (x, y) => (byte)(128 + (x + y) % 128));
        using var host = Host(layer);
        var properties = QuickSettings(host);
        host.SetToken(properties);
        var rendered = host.Render()!;

        var (_, settings) = Dialog().Read(new PropertyBasedEffectConfigToken(properties));
        var input = new ByteImage(layer.Size.Width, layer.Size.Height, ChannelOrder.Bgra, System.Runtime.InteropServices.MemoryMarshal.AsBytes(layer.Pixels).ToArray());
        var expected = new Dreamer(TestData.ResNet18).Dream(input, settings);
        for (var i = 0; i < rendered.Length; i++)
        {
            var n = expected.PlaneSize;
            Assert.Equal(ByteImage.ToByte(expected.Rgb[i]), rendered[i].R);
            Assert.Equal(ByteImage.ToByte(expected.Rgb[n + i]), rendered[i].G);
            Assert.Equal(ByteImage.ToByte(expected.Rgb[2 * n + i]), rendered[i].B);
            Assert.Equal(layer.Pixels[i].A, rendered[i].A);
        }
    }

    [Theory]
    [InlineData("rectangle")]
    [InlineData("ellipse")]
    public void Only_the_selection_changes_and_alpha_never_does(string shape)
    {
        var photo = Photo(200, 150);
        using var layer = Layer(photo, (x, y) => (byte)(x * 255 / 199));
        var size = layer.Size;
        var area = new RectInt32(40, 30, 110, 90);
        using var selection = shape == "rectangle" ? Rectangle(size, area) : Ellipse(size, area);
        using var host = Host(layer, selection);
        host.SetToken(QuickSettings(host));
        var rendered = host.Render()!;

        int inside = 0, changedInside = 0;
        for (var i = 0; i < rendered.Length; i++)
        {
            Assert.Equal(layer.Pixels[i].A, rendered[i].A);
            var mask = selection.Mask.Pixels[i].A;
            if (mask == 0)
                Assert.Equal(layer.Pixels[i], rendered[i]);
            else if (mask == 255)
            {
                inside++;
                if (rendered[i] != layer.Pixels[i]) changedInside++;
            }
        }
        output.WriteLine($"{shape}: {changedInside} of {inside} fully selected pixels changed");
        Assert.True(changedInside > inside * 0.9);
    }

    [Fact]
    public void Tiles_on_several_threads_in_any_order_give_the_single_call_image()
    {
        using var layer = Layer(Photo());
        using var parallel = Host(layer);
        parallel.SetToken(QuickSettings(parallel));
        var shuffled = parallel.Render(threads: 4, tileOrderSeed: 17)!;
        using var serial = Host(layer);
        serial.SetToken(QuickSettings(serial));
        var single = serial.Render(threads: 1)!;
        Assert.Equal(single, shuffled);
        Assert.True(parallel.RenderInfo.Flags.HasFlag(BitmapEffectRenderingFlags.FirstTileIsRenderedWithBarrier));
    }

    [Fact]
    public async Task A_token_change_cancels_the_render_promptly_and_the_next_starts_from_scratch()
    {
        using var layer = Layer(Bilinear.Resize(TestData.Photo("astronaut.png"), 640, 640));
        using var host = Host(layer);
        host.SetToken(QuickSettings(host, iterations: 100, octaves: 3));
        var slow = host.RenderAsync();
        await Task.Delay(1500);
        var next = QuickSettings(host, iterations: 1, octaves: 1, seed: 5);
        host.SetToken(next);
        output.WriteLine($"cancelled in {host.LastCancelLatency.TotalMilliseconds:F0} ms");
        Assert.Null(await slow);
        Assert.True(host.LastCancelLatency < TimeSpan.FromMilliseconds(300), $"{host.LastCancelLatency.TotalMilliseconds} ms");

        var afterChange = (await host.RenderAsync())!;
        using var fresh = Host(layer);
        fresh.SetToken(QuickSettings(fresh, iterations: 1, octaves: 1, seed: 5));
        Assert.Equal(fresh.Render()!, afterChange);
    }

    [Fact]
    public void The_same_token_twice_gives_bit_identical_results()
    {
        using var layer = Layer(Photo());
        using var host = Host(layer);
        host.SetToken(QuickSettings(host, seed: 3));
        var first = host.Render()!;
        host.SetToken(QuickSettings(host, seed: 3));
        Assert.Equal(first, host.Render()!);
    }

    [Fact]
    public void The_dialog_offers_what_it_promises()
    {
        using var layer = Layer(Photo(64, 64));
        using var host = Host(layer);
        var properties = host.CreatePropertyCollection();
        Assert.Equal(Enum.GetNames<DreamProperty>().Except(["Textures", "Patterns", "Parts", "Objects"]).Concat(DreamDialog.Bands).Order(), properties.PropertyNames.Order());
        Assert.Equal("resnet18", properties[DreamProperty.Model]!.Value);
        AssertRange<DoubleProperty, double>(properties, "Patterns", 0.5, 0, 2);
        AssertRange<DoubleProperty, double>(properties, "Parts", 1.0, 0, 2);
        AssertRange<DoubleProperty, double>(properties, "Objects", 0, 0, 2);
        Assert.Equal(FocusChoice.AllChannels, properties[DreamProperty.Focus]!.Value);
        AssertRange<Int32Property, int>(properties, DreamProperty.Channel, 0, 0, 511);
        Assert.Equal(DreamDialog.NoClass, properties[DreamProperty.Class]!.Value);
        Assert.Equal("", properties[DreamProperty.Guide]!.Value);
        Assert.Equal(false, properties[DreamProperty.KeepColors]!.Value);
        AssertRange<DoubleProperty, double>(properties, DreamProperty.Strength, 1, DreamSettings.StrengthRange.SliderMin, DreamSettings.StrengthRange.SliderMax);
        AssertRange<DoubleProperty, double>(properties, DreamProperty.PatternSize, 1, DreamSettings.PatternSizeRange.SliderMin, DreamSettings.PatternSizeRange.SliderMax);
        Assert.Equal(true, properties[DreamProperty.UseRecipe]!.Value);
        AssertRange<Int32Property, int>(properties, DreamProperty.Octaves, 3, 1, 8);
        AssertRange<DoubleProperty, double>(properties, DreamProperty.OctaveScale, 1.4, 1.1, 2.0);
        AssertRange<Int32Property, int>(properties, DreamProperty.Iterations, 20, 1, 100);
        AssertRange<DoubleProperty, double>(properties, DreamProperty.Step, 0.01, 0.001, 0.05);
        AssertRange<DoubleProperty, double>(properties, DreamProperty.MaxLoss, 0, 0, 100);
        AssertRange<Int32Property, int>(properties, DreamProperty.Jitter, 32, 0, 128);
        AssertRange<Int32Property, int>(properties, DreamProperty.Seed, 0, 0, 999_999);
        Assert.Equal(DeviceChoice.Auto, properties[DreamProperty.Device]!.Value);
        Assert.Equal(false, properties[DreamProperty.Draft]!.Value);

        var ui = host.CreateConfigUI(properties);
        Assert.Equal(PaintDotNet.IndirectUI.PropertyControlType.IncrementButton, ui.FindControlForPropertyName(DreamProperty.Seed)!.ControlType.Value);
        Assert.Equal(properties.Count, ui.ChildControls.Count);
    }

    [Fact]
    public void Every_slider_steps_in_increments_that_suit_its_range()
    {
        using var layer = Layer(Photo(64, 64));
        using var host = Host(layer);
        var properties = host.CreatePropertyCollection();
        var ui = host.CreateConfigUI(properties);
        foreach (var property in properties.OfType<DoubleProperty>())
        {
            var settings = ui.FindControlForPropertyName(property.Name)!.ControlProperties;
            var (small, large, decimals) = ((double?)settings[ControlInfoPropertyNames.SliderSmallChange]!.Value, (double?)settings[ControlInfoPropertyNames.SliderLargeChange]!.Value, (int?)settings[ControlInfoPropertyNames.DecimalPlaces]!.Value);
            var range = property.MaxValue - property.MinValue;
            output.WriteLine($"{property.Name}: {property.MinValue}..{property.MaxValue} by {small} / {large}, {decimals} decimals");
            Assert.True(small is { } s && range / s is >= 10 and <= 1000, $"{property.Name}: small change {small} for a range of {range}");
            Assert.True(large is { } l && l > small && l <= range / 4, $"{property.Name}: large change {large}");
            Assert.True(decimals is { } d && Math.Round(small!.Value, d) == small && Math.Round(property.DefaultValue, d) == property.DefaultValue, $"{property.Name}: {decimals} decimals");
            Assert.Equal(small, settings[ControlInfoPropertyNames.UpDownIncrement]!.Value);
        }
    }

    [Fact]
    public void The_dialog_names_models_as_the_catalog_does_and_has_help()
    {
        using var layer = Layer(Photo(64, 64));
        using var host = Host(layer);
        var ui = host.CreateConfigUI(host.CreatePropertyCollection());
        Assert.Equal(ModelCatalog.Default.Find("resnet18")!.DisplayName, ui.FindControlForPropertyName(DreamProperty.Model)!.GetValueDisplayName("resnet18"));

        var window = host.CreateWindowProperties();
        Assert.Equal(WindowHelpContentType.PlainText, window[ControlInfoPropertyNames.WindowHelpContentType]!.Value);
        var help = Assert.IsType<string>(window[ControlInfoPropertyNames.WindowHelpContent]!.Value);
        foreach (var topic in new[] { "Layer weights", "Octaves", "Iterations", "Max loss", "Jitter", "Device", "Draft", "too small",
            "Focus", "Channel", "Class", "Guide image", "Keep the original colours", "Strength", "Pattern size", "Recipe", "cannot be read" })
            Assert.Contains(topic, help);
    }

    [Fact]
    public unsafe void The_effect_sits_with_the_artistic_filters_under_its_own_icon()
    {
        using var layer = Layer(Photo(64, 64));
        using var host = Host(layer);
        var (name, submenu, icon) = host.MenuEntry;
        Assert.Equal("DeepDream", name);
        Assert.Equal(SubmenuNames.Artistic, submenu);
        var bitmap = Assert.IsAssignableFrom<IBitmap>(icon);
        Assert.Equal((16, 16), (bitmap.Size.Width, bitmap.Size.Height));
        Assert.Equal(PixelFormats.Bgra32, bitmap.PixelFormat);
        using var locked = bitmap.Lock(new RectInt32(0, 0, 16, 16), BitmapLockOptions.Read);
        ColorBgra32 Pixel(int x, int y) => ((ColorBgra32*)((byte*)locked.Buffer + y * locked.BufferStride))[x];
        Assert.Equal(0, Pixel(0, 0).A);
        Assert.Equal(255, Pixel(8, 8).A);
        Assert.True(Pixel(8, 8).R < 64 && Pixel(8, 8).B < 64, $"{Pixel(8, 8)}: the pupil is dark");
        Assert.True(Pixel(10, 8).B > 150, $"{Pixel(10, 8)}: the iris is blue to violet");
    }

    [Fact]
    public void A_gpu_that_cannot_start_is_reported_in_the_dialog_and_the_cpu_dreams()
    {
        using var layer = Layer(Photo(72, 56));
        var notes = new DialogNotes();
        using var host = Host(layer, notes: notes);
        var properties = QuickSettings(host);
        properties[DreamProperty.Device]!.Value = DeviceChoice.Gpu;
        host.SetToken(properties);
        var onGpu = host.Render()!;
        Assert.NotEqual(layer.Pixels.ToArray(), onGpu);

        var fallback = notes.Fallback!;
        Assert.Equal((ExecutionDevice.Cpu, FallbackStage.StartUp), (fallback.To, fallback.Stage));
        var footnote = NextDialogFootnote(layer, notes);
        output.WriteLine(footnote);
        Assert.Contains($"Last time: {fallback.Message}", footnote);
        Assert.Contains("could not start, so the CPU is used", footnote);
    }

    [Fact]
    public void All_band_weights_at_zero_leave_the_layer_as_it_was_and_the_dialog_says_why()
    {
        using var layer = Layer(Photo(96, 64));
        var notes = new DialogNotes();
        using var host = Host(layer, notes: notes);
        var properties = QuickSettings(host);
        foreach (var band in DreamDialog.Bands)
            properties[band]!.Value = 0.0;
        host.SetToken(properties);
        Assert.Equal(layer.Pixels.ToArray(), host.Render()!);
        Assert.Contains("weights are 0", NextDialogFootnote(layer, notes));
    }

    [Fact]
    public void A_selection_too_small_for_the_model_leaves_the_layer_as_it_was_and_the_dialog_says_why()
    {
        using var layer = Layer(Photo(24, 20));
        var notes = new DialogNotes();
        using var host = Host(layer, notes: notes);
        host.SetToken(QuickSettings(host));
        Assert.Equal(layer.Pixels.ToArray(), host.Render()!);
        var footnote = NextDialogFootnote(layer, notes);
        output.WriteLine(footnote);
        Assert.Contains("too small", footnote);
    }

    [Fact]
    public void Without_an_installed_model_the_dialog_says_so_and_the_layer_stays_as_it_was()
    {
        var folder = Directory.CreateTempSubdirectory("deepdream-nomodel-").FullName;
        try
        {
            File.Copy(Path.Combine(ModelCatalog.Default.Directory, ModelCatalog.FileName), Path.Combine(folder, ModelCatalog.FileName));
            using var layer = Layer(Photo(96, 64));
            var notes = new DialogNotes();
            using var host = Host(layer, notes: notes, modelsFolder: folder);
            var properties = host.CreatePropertyCollection();
            var footnote = Footnote(host.CreateConfigUI(properties));
            Assert.Contains("No DeepDream model is installed", footnote);
            Assert.Contains(folder, footnote);
            host.SetToken(properties);
            Assert.Equal(layer.Pixels.ToArray(), host.Render()!);
            Assert.StartsWith("No DeepDream model is installed", notes.Problem);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Disposing_the_effect_lets_go_of_its_dream()
    {
        using var layer = Layer(Photo(64, 64));
        var effect = Effect();
        var host = new EffectHost(effect, layer);
        host.SetToken(QuickSettings(host, iterations: 1, octaves: 1));
        host.Render();
        Assert.True(effect.HoldsDream);
        host.Dispose();
        Assert.False(effect.HoldsDream);
    }

    private static void AssertRange<TProperty, T>(PropertyCollection properties, object name, T defaultValue, T min, T max)
        where TProperty : ScalarProperty<T> where T : struct, IComparable<T>
    {
        var property = Assert.IsType<TProperty>(properties[name]);
        Assert.Equal((defaultValue, min, max), (property.DefaultValue, property.MinValue, property.MaxValue));
    }
}
