using DeepDream.Core.Dreaming;
using DeepDream.Core.Inference;
using DeepDream.Plugin;
using DeepDream.Plugin.Dialog;
using DeepDream.Tests.Support;
using PaintDotNet.HostEmulator;
using PaintDotNet.Imaging;
using PaintDotNet.IndirectUI;
using Xunit.Abstractions;
using static DeepDream.Tests.Plugin.PluginHost;

namespace DeepDream.Tests.Plugin;

/// <summary>
/// The dialog's device note: the adapter a GPU dream runs on (the one Paint.NET renders with,
/// where its adapter service names it, else adapter 0), and the last dream's fallback, taken from
/// the fallback event, never from a note's text.
/// </summary>
public sealed class DeviceNoteTests(ITestOutputHelper output)
{
    private static EmulatedBitmap<ColorBgra32> Layer() => PluginHost.Layer(TestData.Crop(TestData.Photo("chelsea.png"), 150, 60, 72, 56));

    [Fact]
    public void The_note_names_the_adapter_paint_net_renders_with_and_the_adapter_is_let_go_of()
    {
        var service = new EmulatedDxgiAdapterService(2);
        using var layer = Layer();
        using var host = Host(layer, services: new EmulatedServices(service));
        var footnote = Footnote(host);
        output.WriteLine(footnote);
        Assert.Contains("GPU: adapter 2, the one Paint.NET renders with", footnote);
        Assert.Equal((1, 0), (service.HandedOut, service.NotReleased));
    }

    [Fact]
    public void Without_paint_net_s_adapter_service_the_note_says_adapter_0_and_why()
    {
        using var layer = Layer();
        using var host = Host(layer);
        var footnote = Footnote(host);
        output.WriteLine(footnote);
        Assert.Contains("GPU: adapter 0, Windows' default", footnote);
        Assert.DoesNotContain("the one Paint.NET renders with", footnote);
    }

    [Fact]
    public void A_dream_asks_paint_net_for_its_adapter_and_lets_go_of_it()
    {
        var service = new EmulatedDxgiAdapterService(1);
        using var layer = Layer();
        using var host = Host(layer, services: new EmulatedServices(service));
        host.SetToken(QuickSettings(host, iterations: 1, octaves: 1));
        host.Render();
        Assert.Equal((1, 0), (service.HandedOut, service.NotReleased));
    }

    [Fact]
    public void The_adapter_is_paint_net_s_where_it_says_so_else_adapter_0()
    {
        Assert.Equal(new GpuAdapter(3, true), RenderingAdapter.Of(new EmulatedServices(new EmulatedDxgiAdapterService(3))));
        Assert.Equal(GpuAdapter.Default, RenderingAdapter.Of(new EmulatedServices()));
    }

    [Theory]
    [InlineData(FallbackStage.StartUp, "DirectML could not start, so the CPU is used: no device")]
    [InlineData(FallbackStage.WhileDreaming, "DirectML failed while dreaming, so the CPU is used from now on: no device")]
    public void The_note_of_a_fallback_is_built_from_its_event(FallbackStage stage, string message)
    {
        var notes = new DialogNotes();
        var fallback = new DeviceFallback(ExecutionDevice.DirectML, ExecutionDevice.Cpu, stage, "no device");
        notes.Report(new DreamProgress(1, 1, 1, 1, 0f, fallback.Message, fallback));
        Assert.Same(fallback, notes.Fallback);
        using var layer = Layer();
        using var host = Host(layer, notes: notes);
        Assert.Contains($"Last time: {message}", Footnote(host));
    }

    [Fact]
    public void A_note_that_mentions_the_cpu_without_a_fallback_event_is_no_device_note()
    {
        var notes = new DialogNotes();
        notes.Report(new DreamProgress(1, 1, 1, 1, 0f, "The CPU skipped this step."));
        Assert.Null(notes.Fallback);
        using var layer = Layer();
        using var host = Host(layer, notes: notes);
        Assert.DoesNotContain("Last time", Footnote(host));
    }

    [Fact]
    public void A_new_dream_clears_the_last_fallback()
    {
        var notes = new DialogNotes();
        var fallback = new DeviceFallback(ExecutionDevice.Cuda, ExecutionDevice.Cpu, FallbackStage.StartUp, "missing");
        notes.Report(new DreamProgress(1, 1, 1, 1, 0f, fallback.Message, fallback));
        notes.Started();
        Assert.Null(notes.Fallback);
    }

    private static string Footnote(EffectHost host) =>
        (string?)host.CreateConfigUI(host.CreatePropertyCollection()).FindControlForPropertyName(DreamProperty.Draft)!
            .ControlProperties[ControlInfoPropertyNames.Footnote]!.Value ?? "";
}
