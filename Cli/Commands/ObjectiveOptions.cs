using System.CommandLine;
using System.Globalization;
using DeepDream.Cli.Files;
using DeepDream.Core.Models;
using DeepDream.Core.Objectives;
using DeepDream.Core.Onnx;

namespace DeepDream.Cli.Commands;

/// <summary>
/// What to dream: --layers, --channel, --class and --guide, each combinable with the others (the
/// objective is their sum). With none of them, the model's recommended layers.
/// </summary>
internal sealed class ObjectiveOptions
{
    private readonly Option<string?> layers = Options.Layers();
    private readonly Option<string[]> channels = new("--channel")
    {
        Description = "Dream what channels of a layer draw: LAYER:N[,N...] (e.g. layer3.1:42); repeat for several layers.",
        AllowMultipleArgumentsPerToken = false,
    };
    private readonly Option<string?> @class = new("--class") { Description = "Dream toward an ImageNet class, by name (e.g. jellyfish) or index; models with a classifier head only." };
    private readonly Option<string?> guide = new("--guide") { Description = "Dream toward what a guide image shows (PNG, JPEG, WebP)." };
    private readonly Option<string?> guideLayer = new("--guide-layer") { Description = "Layer the guide is matched at. Default: the model's deepest recommended layer." };

    public IEnumerable<Option> All => [layers, channels, @class, guide, guideLayer];

    public Objective Parse(ParseResult result, ImageClassifier model)
    {
        var objective = result.GetValue(layers) is { } text ? Objective.Layers(Options.ParseLayers(text)) : Objective.None;
        foreach (var item in result.GetValue(channels) ?? [])
            objective += ParseChannels(item);
        if (result.GetValue(@class) is { } name)
            objective += Objective.Class(ClassNames.ImageNet(ModelCatalog.Default.Directory).Find(name));
        if (result.GetValue(guide) is { } file)
            objective += Objective.Guide(ImageFile.Read(file).ToRgb(), result.GetValue(guideLayer) ?? DeepestRecommended(model));
        else if (result.GetValue(guideLayer) is not null)
            throw new CliException("--guide-layer needs --guide.");
        if (objective.Terms.Count > 0)
            return objective;
        return Objective.Recommended(model.Spec)
            ?? throw new CliException($"Model '{model.Name}' has no recommended layers: choose some with --layers (see 'deepdream layers --model {model.Path}').");
    }

    /// <summary>"layer3.1:4,7" -> channels 4 and 7 of layer3.1 (a tensor name may contain ':', so the last one splits).</summary>
    private static Objective ParseChannels(string text)
    {
        var split = text.LastIndexOf(':');
        if (split <= 0)
            throw new CliException($"--channel: '{text}' is not LAYER:N[,N...], e.g. layer3.1:42.");
        var numbers = new List<int>();
        foreach (var part in text[(split + 1)..].Split(',', StringSplitOptions.TrimEntries))
            numbers.Add(int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
                ? n
                : throw new CliException($"--channel: '{part}' is not a channel number (in '{text}')."));
        return Objective.Channels(text[..split], [.. numbers]);
    }

    private static string DeepestRecommended(ImageClassifier model) =>
        model.Spec?.DefaultWeights.Where(w => w.Value > 0).Select(w => w.Key).MaxBy(l => model.StrideOf(model.ResolveLayer(l)))
        ?? throw new CliException($"Model '{model.Name}' has no recommended layers: choose the guide's layer with --guide-layer.");
}
