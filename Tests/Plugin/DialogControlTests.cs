using DeepDream.Cli.Files;
using DeepDream.Core.Dreaming;
using DeepDream.Core.Imaging;
using DeepDream.Core.Inference;
using DeepDream.Core.Models;
using DeepDream.Plugin.Dialog;
using DeepDream.Tests.Support;
using PaintDotNet.Effects;
using PaintDotNet.HostEmulator;
using PaintDotNet.IndirectUI;
using PaintDotNet.PropertySystem;
using Xunit.Abstractions;
using static DeepDream.Tests.Plugin.PluginHost;

namespace DeepDream.Tests.Plugin;

/// <summary>
/// The dialog's objective and picture controls and its recipe switch: each reaches the engine's
/// settings, the read-only rules follow their sources, the defaults dream visibly, and a mistake
/// leaves the layer as it was with the reason at the foot of the dialog.
/// </summary>
public sealed class DialogControlTests(ITestOutputHelper output) : IDisposable
{
    /// <summary>A models folder in which every catalog model counts as installed (empty files): reading a token loads no model.</summary>
    private readonly string everyModel = EveryModelFolder();

    private ModelCatalog EveryModel => ModelCatalog.Load(everyModel);

    private static string EveryModelFolder()
    {
        var folder = Directory.CreateTempSubdirectory("deepdream-dialog-").FullName;
        foreach (var file in new[] { ModelCatalog.FileName, ClassNames.ImageNetFile })
            File.Copy(Path.Combine(ModelCatalog.Default.Directory, file), Path.Combine(folder, file));
        foreach (var spec in ModelCatalog.Load(folder).Models)
            File.WriteAllBytes(Path.Combine(folder, spec.File), []);
        return folder;
    }

    public void Dispose() => Directory.Delete(everyModel, recursive: true);

    private static DreamSettings Read(DreamDialog dialog, PropertyCollection properties) =>
        dialog.Read(new PropertyBasedEffectConfigToken(properties.Clone())).Settings;

    private static RgbImage Photo(int width, int height) => TestData.Crop(TestData.Photo("chelsea.png"), 150, 60, width, height);

    [Fact]
    public void By_default_the_bands_dream_with_the_models_recipe_and_the_picture_controls_at_rest()
    {
        var dialog = Dialog();
        var settings = Read(dialog, dialog.CreateProperties());
        Assert.Equal("0.5 x layer layer2.1 + 1 x layer layer3.1", settings.Objective.ToString());
        var recipe = DreamSettings.FromRecipe(ModelCatalog.Default.Find("resnet18"), settings.Objective);
        Assert.Equal((recipe.Octaves, recipe.OctaveScale, recipe.Iterations, recipe.Step, recipe.MaxLoss, recipe.Jitter),
            (settings.Octaves, settings.OctaveScale, settings.Iterations, settings.Step, settings.MaxLoss, settings.Jitter));
        Assert.Equal((false, 1.0, 1.0), (settings.KeepColors, settings.Strength, settings.PatternSize));
    }

    [Theory]
    [InlineData("resnet18")]
    [InlineData("googlenet")]
    [InlineData("inception-v3")]
    public void While_the_recipe_switch_is_on_each_model_dreams_with_its_own_recipe(string model)
    {
        var dialog = Dialog(EveryModel);
        var properties = dialog.CreateProperties();
        properties[DreamProperty.Model]!.Value = model;
        var settings = Read(dialog, properties);
        var recipe = EveryModel.Find(model)!.Recommended;
        output.WriteLine($"{model}: {settings.Octaves} octaves x {settings.OctaveScale}, {settings.Iterations} steps of {settings.Step}, max loss {settings.MaxLoss}, jitter {settings.Jitter}");
        Assert.Equal((recipe.Octaves, recipe.OctaveScale, recipe.Iterations, recipe.Step, recipe.MaxLoss, recipe.Jitter),
            (settings.Octaves, settings.OctaveScale, settings.Iterations, settings.Step, settings.MaxLoss, settings.Jitter));

        properties[DreamProperty.Draft]!.Value = true;
        Assert.Equal(Math.Max(1, recipe.Iterations / 4), Read(dialog, properties).Iterations);
    }

    [Fact]
    public void With_the_recipe_switch_off_the_sliders_apply()
    {
        var dialog = Dialog(EveryModel);
        var properties = dialog.CreateProperties();
        properties[DreamProperty.Model]!.Value = "inception-v3";
        properties[DreamProperty.UseRecipe]!.Value = false;
        properties[DreamProperty.Octaves]!.Value = 5;
        properties[DreamProperty.OctaveScale]!.Value = 1.8;
        properties[DreamProperty.Iterations]!.Value = 7;
        properties[DreamProperty.Step]!.Value = 0.02;
        properties[DreamProperty.MaxLoss]!.Value = 0.0;
        properties[DreamProperty.Jitter]!.Value = 10;
        var settings = Read(dialog, properties);
        Assert.Equal((5, 1.8, 7, 0.02, (double?)null, 10), (settings.Octaves, settings.OctaveScale, settings.Iterations, settings.Step, settings.MaxLoss, settings.Jitter));
    }

    [Fact]
    public void Focus_on_one_channel_dreams_that_channel_of_the_deepest_band_in_use_at_its_weight()
    {
        var dialog = Dialog();
        var properties = dialog.CreateProperties();
        properties[DreamProperty.Focus]!.Value = FocusChoice.OneChannel;
        properties[DreamProperty.Channel]!.Value = 42;
        Assert.Equal("0.5 x layer layer2.1 + 1 x channel 42 of layer layer3.1", Read(dialog, properties).Objective.ToString());

        properties["Objects"]!.Value = 0.25;
        Assert.Equal("0.5 x layer layer2.1 + 1 x layer layer3.1 + 0.25 x channel 42 of layer layer4.1", Read(dialog, properties).Objective.ToString());
    }

    [Fact]
    public void A_class_is_added_at_weight_one_on_a_model_with_a_classifier()
    {
        var dialog = Dialog(EveryModel);
        var properties = dialog.CreateProperties();
        properties[DreamProperty.Model]!.Value = "googlenet";
        var jellyfish = ClassNames.ImageNet(everyModel).Find("jellyfish");
        properties[DreamProperty.Class]!.Value = jellyfish;
        Assert.Equal($"0.5 x layer inception_3b + 1 x layer inception_4c + 1 x class {jellyfish}", Read(dialog, properties).Objective.ToString());
        Assert.Equal("jellyfish", dialog.CreateControls(properties, new DialogNotes(), GpuAdapter.Default).FindControlForPropertyName(DreamProperty.Class)!.GetValueDisplayName(jellyfish));
    }

    [Fact]
    public void The_class_list_starts_with_none_and_offers_every_imagenet_class_by_name()
    {
        var dialog = Dialog(EveryModel);
        var choices = ((StaticListChoiceProperty)dialog.CreateProperties()[DreamProperty.Class]!).ValueChoices;
        var names = ClassNames.ImageNet(everyModel).Names;
        Assert.Equal(DreamDialog.NoClass, choices[0]);
        Assert.Equal(Enumerable.Range(0, names.Count), choices.Skip(1).Cast<int>().Order());
        var shown = choices.Skip(1).Select(c => names[(int)c]).ToList();
        Assert.Equal(shown.Order(StringComparer.OrdinalIgnoreCase), shown);
    }

    [Fact]
    public void A_guide_image_is_added_at_weight_one_and_matched_at_the_deepest_band_in_use()
    {
        var dialog = Dialog();
        var properties = dialog.CreateProperties();
        var file = TestData.Path("camera.png");
        properties[DreamProperty.Guide]!.Value = $"\"{file}\"";
        var objective = Read(dialog, properties).Objective;
        Assert.Equal("0.5 x layer layer2.1 + 1 x layer layer3.1 + 1 x guide image at layer layer3.1", objective.ToString());

        // The pixels Paint.NET's decoder gives (BGRA) are the file's, as SkiaSharp reads it (RGBA).
        var guide = Assert.IsType<ByteImage>(((GuideTerm)objective.Terms[^1].Term).Image);
        var expected = ImageFile.Read(file);
        Assert.Equal((expected.Width, expected.Height, ChannelOrder.Bgra), (guide.Width, guide.Height, guide.Order));
        for (var i = 0; i < expected.Pixels.Length; i += 4)
            Assert.Equal((expected.Pixels[i], expected.Pixels[i + 1], expected.Pixels[i + 2]), (guide.Pixels[i + 2], guide.Pixels[i + 1], guide.Pixels[i]));
    }

    [Fact]
    public void The_picture_controls_reach_the_engine()
    {
        var dialog = Dialog();
        var properties = dialog.CreateProperties();
        properties[DreamProperty.KeepColors]!.Value = true;
        properties[DreamProperty.Strength]!.Value = 0.5;
        properties[DreamProperty.PatternSize]!.Value = 0.5;
        var settings = Read(dialog, properties);
        Assert.Equal((true, 0.5, 0.5), (settings.KeepColors, settings.Strength, settings.PatternSize));
    }

    [Fact]
    public void Controls_are_read_only_while_they_have_no_effect_and_the_token_keeps_the_flags()
    {
        var properties = Dialog(EveryModel).CreateProperties();
        Assert.True(properties[DreamProperty.Channel]!.ReadOnly);
        properties[DreamProperty.Focus]!.Value = FocusChoice.OneChannel;
        Assert.False(properties[DreamProperty.Channel]!.ReadOnly);
        properties[DreamProperty.Channel]!.Value = 7;

        foreach (var name in DreamDialog.RecipeProperties)
            Assert.True(properties[name]!.ReadOnly, $"{name} is read-only while the recipe applies");
        Assert.Throws<InvalidOperationException>(() => properties[DreamProperty.Octaves]!.Value = 5);
        properties[DreamProperty.UseRecipe]!.Value = false;
        foreach (var name in DreamDialog.RecipeProperties)
            Assert.False(properties[name]!.ReadOnly, $"{name} is writable without the recipe");

        Assert.True(properties[DreamProperty.Class]!.ReadOnly, "ResNet18 has no classifier");
        properties[DreamProperty.Model]!.Value = "googlenet";
        Assert.False(properties[DreamProperty.Class]!.ReadOnly);
        properties[DreamProperty.Class]!.Value = 107;
        properties[DreamProperty.Model]!.Value = "resnet18";
        Assert.True(properties[DreamProperty.Class]!.ReadOnly);

        var token = new PropertyBasedEffectConfigToken(properties).Clone();
        var copy = ((PropertyBasedEffectConfigToken)token).Properties;
        Assert.Equal((false, 7, true, 107), (copy[DreamProperty.Channel]!.ReadOnly, copy[DreamProperty.Channel]!.Value, copy[DreamProperty.Class]!.ReadOnly, copy[DreamProperty.Class]!.Value));
        copy[DreamProperty.Focus]!.Value = FocusChoice.AllChannels;
        Assert.True(copy[DreamProperty.Channel]!.ReadOnly);
        Assert.False(properties[DreamProperty.Channel]!.ReadOnly);

        Assert.True(Dialog().CreateProperties()[DreamProperty.Class]!.ReadOnly, "with ResNet18 alone, no model has a classifier");
    }

    [Fact]
    public void The_guide_is_a_file_chooser_for_image_files()
    {
        var dialog = Dialog();
        var properties = dialog.CreateProperties();
        var control = dialog.CreateControls(properties, new DialogNotes(), GpuAdapter.Default).FindControlForPropertyName(DreamProperty.Guide)!;
        Assert.Equal(PropertyControlType.FileChooser, control.ControlType.Value);
        var types = Assert.IsType<string[]>(control.ControlProperties[ControlInfoPropertyNames.FileTypes]!.Value);
        Assert.Superset(new HashSet<string> { "png", "jpg", "jpeg", "bmp", "webp", "tif" }, types.ToHashSet());
        Assert.Equal(PropertyControlType.RadioButton, dialog.CreateControls(properties, new DialogNotes(), GpuAdapter.Default).FindControlForPropertyName(DreamProperty.Focus)!.ControlType.Value);
    }

    [Fact]
    public void The_default_dialog_dreams_visibly()
    {
        using var layer = Layer(Photo(96, 72));
        using var host = Host(layer);
        host.SetToken(host.CreatePropertyCollection());
        var rendered = host.Render()!;
        var original = layer.Pixels.ToArray();
        var change = rendered.Zip(original, (a, b) => Math.Abs(a.R - b.R) + Math.Abs(a.G - b.G) + Math.Abs(a.B - b.B)).Average() / 3;
        output.WriteLine($"mean change per channel: {change:F1} of 255");
        Assert.True(change > 10, $"{change:F1}");
    }

    [Fact]
    public void Strength_zero_leaves_the_layer_as_it_was()
    {
        using var layer = Layer(Photo(96, 72));
        using var host = Host(layer);
        var properties = QuickSettings(host);
        properties[DreamProperty.Strength]!.Value = 0.0;
        host.SetToken(properties);
        Assert.Equal(layer.Pixels.ToArray(), host.Render()!);
    }

    [Fact]
    public void A_guide_image_read_by_the_hosts_decoder_changes_the_dream()
    {
        var folder = Directory.CreateTempSubdirectory("deepdream-guide-").FullName;
        try
        {
            var guide = Path.Combine(folder, "guide.jpg");
            ImageFile.Write(TestData.Bytes(TestData.Crop(TestData.Photo("astronaut.png"), 100, 60, 160, 128)), guide);
            using var layer = Layer(Photo(96, 72));
            var notes = new DialogNotes();
            using var host = Host(layer, notes: notes);
            var properties = QuickSettings(host);
            host.SetToken(properties);
            var plain = host.Render()!;
            properties[DreamProperty.Guide]!.Value = guide;
            host.SetToken(properties);
            var guided = host.Render()!;
            Assert.Null(notes.Problem);
            var differing = plain.Zip(guided).Count(p => p.First != p.Second);
            output.WriteLine($"{differing} of {plain.Length} pixels differ from the unguided dream");
            Assert.True(differing > plain.Length / 2);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void A_channel_the_band_does_not_have_leaves_the_layer_as_it_was_and_the_dialog_says_why()
    {
        var footnote = Refused(properties =>
        {
            properties[DreamProperty.Focus]!.Value = FocusChoice.OneChannel;
            properties[DreamProperty.Channel]!.Value = 300;
        });
        Assert.Contains("Channel 300 does not exist in the Parts band", footnote);
        Assert.Contains("0 to 255", footnote);
    }

    [Theory]
    [InlineData("not an image")]
    [InlineData("")]
    public void A_guide_file_that_cannot_be_read_leaves_the_layer_as_it_was_and_the_dialog_says_why(string content)
    {
        var file = Path.Combine(everyModel, "broken.png");
        File.WriteAllText(file, content);
        var footnote = Refused(properties => properties[DreamProperty.Guide]!.Value = file);
        Assert.Contains($"The guide image '{file}' cannot be read", footnote);

        var missing = Path.Combine(everyModel, "missing.png");
        Assert.Contains($"The guide image '{missing}' does not exist", Refused(properties => properties[DreamProperty.Guide]!.Value = missing));
    }

    [Fact]
    public void A_class_kept_from_a_classifier_when_switching_to_resnet18_leaves_the_layer_as_it_was_and_the_dialog_says_why()
    {
        var footnote = Refused(properties =>
        {
            properties[DreamProperty.Model]!.Value = "googlenet";
            properties[DreamProperty.Class]!.Value = 107;
            properties[DreamProperty.Model]!.Value = "resnet18";
        }, everyModel);
        Assert.Contains("ResNet18 (ImageNet) has no classifier head", footnote);
        Assert.Contains("'jellyfish'", footnote);
    }

    /// <summary>Renders with the properties changed; the layer must stay as it was; returns the next dialog's footnote.</summary>
    private string Refused(Action<PropertyCollection> change, string? modelsFolder = null)
    {
        using var layer = Layer(Photo(96, 64));
        var notes = new DialogNotes();
        using var host = Host(layer, notes: notes, modelsFolder: modelsFolder);
        var properties = QuickSettings(host);
        change(properties);
        host.SetToken(properties);
        Assert.Equal(layer.Pixels.ToArray(), host.Render()!);
        var footnote = NextDialogFootnote(layer, notes);
        output.WriteLine(footnote);
        return footnote;
    }
}
