using System.Reflection;
using System.Runtime.Loader;
using DeepDream.Plugin.Dialog;
using DeepDream.Tests.Support;
using PaintDotNet.Effects;
using PaintDotNet.HostEmulator;
using PaintDotNet.IndirectUI;
using static DeepDream.Tests.Plugin.PluginHost;

namespace DeepDream.Tests.Plugin;

/// <summary>
/// The effect loaded from an install folder whose models are missing or damaged, in a load
/// context of its own as Paint.NET loads plugins: Paint.NET must still load it, the dialog must
/// open, rendering must leave the layer as it was (never Paint.NET's error dialog), and the
/// dialog, when it opens again, must say what is wrong and what to do.
/// </summary>
public sealed class InstallFolderTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("deepdream-install-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    public static TheoryData<string, string, string> Cases() => new()
    {
        { "no models folder", "(no model installed)", "No DeepDream model is installed" },
        { "damaged catalog", "(no model installed)", "No DeepDream model is installed" },
        { "catalog without its model file", "(no model installed)", "No DeepDream model is installed" },
        { "truncated model file", "resnet18", "it is damaged or another file. Reinstall it." },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_effect_loads_and_its_dialog_says_what_is_missing(string install, string offeredModel, string error)
    {
        foreach (var assembly in new[] { "DeepDreamEffect.dll", "DeepDream.Core.dll" })
            File.Copy(Path.Combine(AppContext.BaseDirectory, assembly), Path.Combine(folder, assembly));
        var models = Directory.CreateDirectory(Path.Combine(folder, "models")).FullName;
        switch (install)
        {
            case "no models folder":
                Directory.Delete(models);
                break;
            case "damaged catalog":
                File.WriteAllText(Path.Combine(models, "models.json"), "{ \"models\": [ { \"id\": ");
                break;
            default:
                File.Copy(Path.Combine(AppContext.BaseDirectory, "models", "models.json"), Path.Combine(models, "models.json"));
                if (install == "truncated model file")
                    File.WriteAllBytes(Path.Combine(models, "ResNet18.onnx"), File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "models", "ResNet18.onnx"))[..5_000_000]);
                break;
        }

        var context = new PluginFolderContext(folder);
        var type = context.LoadFromAssemblyPath(Path.Combine(folder, "DeepDreamEffect.dll")).GetType("DeepDream.Plugin.DeepDreamEffect")!;
        var effect = (PropertyBasedBitmapEffect)Activator.CreateInstance(type)!;
        using var layer = Layer(TestData.Crop(TestData.Photo("chelsea.png"), 0, 0, 96, 96));
        using var host = new EffectHost(effect, layer);
        var properties = host.CreatePropertyCollection();
        Assert.Equal(offeredModel, properties[DreamProperty.Model]!.Value);
        host.CreateConfigUI(properties);
        host.SetToken(properties);

        Assert.Equal(layer.Pixels.ToArray(), host.Render()!);
        var reopened = host.CreateConfigUI(host.CreatePropertyCollection());
        var footnote = (string)reopened.FindControlForPropertyName(DreamProperty.Draft)!.ControlProperties[ControlInfoPropertyNames.Footnote]!.Value!;
        Assert.Contains(error, footnote);
        Assert.Contains(models, footnote);
    }

    /// <summary>Loads the plugin's own assemblies from its folder; Paint.NET's (here: the Sdk's) come from the host.</summary>
    private sealed class PluginFolderContext(string folder) : AssemblyLoadContext(isCollectible: false)
    {
        protected override Assembly? Load(AssemblyName name)
        {
            var path = Path.Combine(folder, name.Name + ".dll");
            return File.Exists(path) ? LoadFromAssemblyPath(path) : null;
        }
    }
}
