using System.CommandLine;
using DeepDream.Cli.Files;
using DeepDream.Core.Dreaming;
using DeepDream.Core.Objectives;
using DeepDream.Core.Inference;
using DeepDream.Core.Models;
using Spectre.Console;

namespace DeepDream.Cli.Commands;

/// <summary>deepdream dream INPUT -o OUTPUT [settings]</summary>
internal static class DreamCommand
{
    public static Command Create()
    {
        var defaults = DreamSettings.FromRecipe(null, Objective.None);
        var input = new Argument<string?>("input") { Description = "Image to dream (PNG, JPEG, WebP). Default: the sample photo.", Arity = ArgumentArity.ZeroOrOne };
        var output = new Option<string>("--output", "-o") { Description = "Where to write the result (.png, .jpg, .webp).", Required = true };
        var model = Options.Model();
        var objective = new ObjectiveOptions();
        var octaves = new Option<int>("--octaves") { Description = "Number of scales, smallest first.", DefaultValueFactory = _ => defaults.Octaves };
        var scale = new Option<double>("--octave-scale") { Description = "Size ratio between octaves.", DefaultValueFactory = _ => defaults.OctaveScale };
        var iterations = new Option<int>("--iterations") { Description = "Gradient-ascent steps per octave.", DefaultValueFactory = _ => defaults.Iterations };
        var step = new Option<double>("--step") { Description = "Step size (pixels in [0, 1]).", DefaultValueFactory = _ => defaults.Step };
        var maxLoss = new Option<double?>("--max-loss") { Description = "Stop an octave early once its loss exceeds this." };
        var jitter = new Option<int>("--jitter") { Description = "Largest random roll in pixels before each step.", DefaultValueFactory = _ => defaults.Jitter };
        var tile = new Option<int>("--tile") { Description = "Tile size in pixels for large images.", DefaultValueFactory = _ => defaults.TileSize };
        var seed = new Option<int>("--seed") { Description = "Random seed for the jitter.", DefaultValueFactory = _ => defaults.Seed };
        var device = Options.Device();
        var threads = Options.Threads();
        var keepColors = new Option<bool>("--keep-colors") { Description = "Keep the original's colours: the dream changes brightness only." };
        var strength = new Option<double>("--strength") { Description = "How much of the dream to apply, 0 to 2: 0 leaves the image as it was, above 1 exaggerates.", DefaultValueFactory = _ => defaults.Strength };
        var patternSize = new Option<double>("--pattern-size") { Description = "Dream at this fraction of the image's resolution (0 < F <= 1): smaller gives larger patterns, and is faster.", DefaultValueFactory = _ => defaults.PatternSize };

        var command = new Command("dream", "Dream an image.")
        {
            input, output, model, octaves, scale, iterations, step, maxLoss, jitter, tile, seed, device, threads,
            keepColors, strength, patternSize,
        };
        foreach (var option in objective.All)
            command.Options.Add(option);
        command.SetAction((result, cancel) =>
        {
            var classifier = Session.LoadModel(result.GetValue(model)!);
            var recipe = DreamSettings.FromRecipe(classifier.Spec, objective.Parse(result, classifier));
            // An option left out takes the model's recommended value, not the generic default.
            T Pick<T>(Option<T> option, T recommended) => result.GetResult(option) is { Implicit: false } ? result.GetValue(option)! : recommended;
            var settings = (recipe with
            {
                Octaves = Pick(octaves, recipe.Octaves),
                OctaveScale = Pick(scale, recipe.OctaveScale),
                Iterations = Pick(iterations, recipe.Iterations),
                Step = Pick(step, recipe.Step),
                MaxLoss = Pick(maxLoss, recipe.MaxLoss),
                Jitter = Pick(jitter, recipe.Jitter),
                TileSize = result.GetValue(tile),
                Seed = result.GetValue(seed),
                Device = result.GetValue(device),
                KeepColors = result.GetValue(keepColors),
                Strength = result.GetValue(strength),
                PatternSize = result.GetValue(patternSize),
            }).Validate();
            ImageFile.CheckWritable(result.GetValue(output)!);
            var inputPath = result.GetValue(input) ?? Session.SamplePath;
            var image = ImageFile.Read(inputPath);
            using var sessions = new DreamSessionCache(result.GetValue(threads));
            var dreamer = new Dreamer(classifier, sessions);
            var dreamed = ProgressDisplay.Run($"Dreaming {Path.GetFileName(inputPath)}", progress => dreamer.Dream(image, settings, progress, cancel));
            image.SetRgb(dreamed);
            ImageFile.Write(image, result.GetValue(output)!);
            Console.Error.WriteLine($"Wrote {result.GetValue(output)} ({dreamed.Width}x{dreamed.Height}).");
            return Task.FromResult(0);
        });
        return command;
    }
}
