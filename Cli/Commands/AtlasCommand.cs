using System.CommandLine;
using System.Globalization;
using System.Runtime.ExceptionServices;
using DeepDream.Cli.Atlas;
using DeepDream.Cli.Files;
using DeepDream.Core.Dreaming;
using DeepDream.Core.Imaging;
using DeepDream.Core.Inference;
using DeepDream.Core.Objectives;
using DeepDream.Core.Onnx;

namespace DeepDream.Cli.Commands;

/// <summary>deepdream atlas --layer L -o OUT: one small dream per channel of a layer, in a labelled grid.</summary>
internal static class AtlasCommand
{
    /// <summary>How many channels an atlas shows when --channels is left out: deep layers have hundreds.</summary>
    public const int DefaultChannelCount = 64;
    public const int DefaultCellSize = 128;
    /// <summary>Labels of up to five digits fit a cell this wide.</summary>
    public const int SmallestCellSize = 32;
    public const int LargestCellSize = 1024;
    private const int Octaves = 2;
    private const float NoiseAmplitude = 0.1f;
    private const int ChannelsPerGraph = 64;

    public static Command Create()
    {
        var layer = new Option<string>("--layer") { Description = "Layer whose channels to dream (catalog name such as layer3.1, or tensor name).", Required = true };
        var output = new Option<string>("--output", "-o") { Description = "Where to write the atlas (.png, .jpg, .webp).", Required = true };
        var channels = new Option<string?>("--channels") { Description = $"Channels A-B (inclusive) or one channel N. Default: the layer's first {DefaultChannelCount}." };
        var model = Options.Model();
        var size = new Option<int>("--size") { Description = "Edge of a cell in pixels (a size the layer cannot take is raised to the next one it can).", DefaultValueFactory = _ => DefaultCellSize };
        var iterations = new Option<int?>("--iterations") { Description = "Gradient-ascent steps per octave. Default: the model's recipe." };
        var start = new Option<string>("--start")
        {
            Description = "What each cell starts from: gray (neutral gray) or noise (gray with faint seeded noise).",
            DefaultValueFactory = _ => "gray",
            CustomParser = r =>
            {
                var value = r.Tokens.Single().Value.ToLowerInvariant();
                if (value is not ("gray" or "noise"))
                    r.AddError($"Unknown start '{r.Tokens.Single().Value}': use gray or noise.");
                return value;
            },
        };
        var seed = new Option<int>("--seed") { Description = "Random seed for the noise start and the jitter.", DefaultValueFactory = _ => 0 };
        var device = Options.Device();

        var command = new Command("atlas", "Dream each channel of a layer from a neutral start, in a labelled grid, to see what each channel draws.")
        {
            layer, output, channels, model, size, iterations, start, seed, device,
        };
        command.SetAction((result, cancel) =>
        {
            var classifier = Session.LoadModel(result.GetValue(model)!);
            var layerName = result.GetValue(layer)!;
            var tensor = classifier.ResolveLayer(layerName);
            var count = classifier.ChannelsOf(tensor);
            var cellSize = CellSize(result.GetValue(size), classifier, layerName, classifier.StrideOf(tensor));
            var chosen = result.GetValue(channels) is { } text ? ParseChannels(text, layerName, count) : DefaultChannels(layerName, count);
            var (sheetWidth, sheetHeight) = AtlasSheet.SizeOf(chosen.Count, cellSize);
            if (sheetWidth > int.MaxValue || sheetHeight > int.MaxValue || !ByteImage.CanHold((int)sheetWidth, (int)sheetHeight))
                throw new CliException($"An atlas of {chosen.Count} channels at {cellSize} px per cell would be {sheetWidth}x{sheetHeight} pixels, more than one picture can hold: choose fewer channels (--channels) or smaller cells (--size).");
            ImageFile.CheckWritable(result.GetValue(output)!);

            // Each cell dreams its own channel; the recipe's objective only stands in until then.
            var recipe = DreamSettings.FromRecipe(classifier.Spec, Objective.Channels(layerName, chosen[0]));
            var settings = (recipe with
            {
                Octaves = Octaves,
                Iterations = result.GetValue(iterations) ?? recipe.Iterations,
                Seed = result.GetValue(seed),
                Device = result.GetValue(device),
            }).Validate();
            var origin = StartImage(result.GetValue(start)!, cellSize, settings.Seed);

            var sheet = Dream(classifier, layerName, chosen, settings, origin, cancel);
            ImageFile.Write(sheet.Image, result.GetValue(output)!);
            Console.Error.WriteLine($"Wrote {result.GetValue(output)} ({sheet.Image.Width}x{sheet.Image.Height}: channels {chosen[0]}-{chosen[^1]} of {layerName}, {cellSize} px each).");
            return Task.FromResult(0);
        });
        return command;
    }

    /// <summary>
    /// Dreams the cells side by side, one per core, each on one thread: at cell sizes ONNX Runtime
    /// spreads a run over several threads poorly.
    /// </summary>
    private static AtlasSheet Dream(ImageClassifier model, string layer, IReadOnlyList<int> channels,
        DreamSettings settings, RgbImage origin, CancellationToken cancel)
    {
        var sheet = new AtlasSheet(channels, origin.Width);
        using var sessions = new DreamSessionCache(threads: 1);
        var dreamer = new Dreamer(model, sessions);
        var title = $"Atlas of {layer}";
        var fractions = new double[channels.Count];
        var (done, notes) = (0, new HashSet<string>());
        return ProgressDisplay.Track(title, report =>
        {
            void Report(int index, double fraction, string? note)
            {
                lock (fractions)
                {
                    fractions[index] = fraction;
                    report(fractions.Sum() / channels.Count, $"{title}: {done}/{channels.Count} channels", note is not null && notes.Add(note) ? note : null);
                }
            }
            var parallel = new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancel };
            try
            {
                Parallel.For(0, channels.Count, parallel, i =>
                {
                    var progress = new ProgressDisplay.Reporter(p => Report(i, p.Fraction, p.Note));
                    var dream = dreamer.Dream(origin, settings with { Objective = OnlyChannel(layer, channels, i) }, progress, cancel);
                    lock (fractions)
                    {
                        sheet.Place(i, dream);
                        done++;
                    }
                    Report(i, 1, null);
                });
            }
            catch (AggregateException e)
            {
                // Parallel.For wraps what a cell throws; the first real error is the one to tell.
                ExceptionDispatchInfo.Throw(e.InnerExceptions.FirstOrDefault(x => x is not OperationCanceledException) ?? e.InnerExceptions[0]);
            }
            return sheet;
        });
    }

    /// <summary>
    /// Every channel of the cell's group as a term, at weight 1 for the cell's channel and 0 for
    /// the others, so that the cells of a group share one dream graph and its session instead of
    /// building one per channel. Groups keep the graph small when an atlas has hundreds of channels.
    /// </summary>
    private static Objective OnlyChannel(string layer, IReadOnlyList<int> channels, int index)
    {
        var first = index / ChannelsPerGraph * ChannelsPerGraph;
        return channels.Skip(first).Take(ChannelsPerGraph)
            .Select((c, i) => (first + i == index ? 1.0 : 0.0) * Objective.Channels(layer, c))
            .Aggregate(Objective.None, (sum, term) => sum + term)
            .KeepingZeroWeights();
    }

    /// <summary>"A-B" (inclusive) or "N", within the layer's channels.</summary>
    internal static IReadOnlyList<int> ParseChannels(string text, string layer, int count)
    {
        var parts = text.Split('-', StringSplitOptions.TrimEntries);
        if (parts.Length is not (1 or 2) || !parts.All(p => int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out _)))
            throw new CliException($"--channels: '{text}' is not A-B or N, e.g. 0-15.");
        var (first, last) = (int.Parse(parts[0], CultureInfo.InvariantCulture), int.Parse(parts[^1], CultureInfo.InvariantCulture));
        if (first > last)
            throw new CliException($"--channels: '{text}' runs backwards: write the lower channel first, e.g. {last}-{first}.");
        if (last >= count)
            throw new CliException($"--channels: layer {layer} has channels 0 to {count - 1}, so '{text}' is out of range.");
        return Enumerable.Range(first, last - first + 1).ToArray();
    }

    private static IReadOnlyList<int> DefaultChannels(string layer, int count)
    {
        if (count > DefaultChannelCount)
            Console.Error.WriteLine($"note: layer {layer} has {count} channels; the atlas shows the first {DefaultChannelCount} (0-{DefaultChannelCount - 1}). Choose others with --channels A-B.");
        return Enumerable.Range(0, Math.Min(count, DefaultChannelCount)).ToArray();
    }

    /// <summary>The cell size asked for, raised to the next size the model takes at the layer's stride.</summary>
    private static int CellSize(int asked, ImageClassifier model, string layer, int stride)
    {
        var smallest = Math.Max(SmallestCellSize, model.ValidSize.MinimumSize(stride));
        if (asked < smallest || asked > LargestCellSize)
            throw new CliException($"--size must be between {smallest} and {LargestCellSize} for layer {layer} of {model.Name} (got {asked}).");
        var size = model.ValidSize.NextValid(asked, stride);
        if (size != asked)
            Console.Error.WriteLine($"note: cells are {size} px, the next size that layer {layer} of {model.Name} takes after {asked}.");
        return size;
    }

    /// <summary>The image every cell starts from, the same for all, so that the cells differ only by channel.</summary>
    internal static RgbImage StartImage(string start, int size, int seed)
    {
        var image = new RgbImage(size, size);
        if (start == "gray")
            Array.Fill(image.Rgb, 0.5f);
        else
        {
            var random = new Random(seed);
            for (var i = 0; i < image.Rgb.Length; i++)
                image.Rgb[i] = 0.5f + NoiseAmplitude * (2 * random.NextSingle() - 1);
        }
        return image;
    }
}
