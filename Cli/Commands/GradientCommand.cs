using System.CommandLine;
using DeepDream.Cli.Files;
using DeepDream.Core.Dreaming;
using DeepDream.Core.Inference;
using DeepDream.Core.Onnx.DreamGraph;

namespace DeepDream.Cli.Commands;

/// <summary>deepdream gradient INPUT -o GRAD.npy: dLoss/dImage at the image's own size, as float32 [3, H, W].</summary>
internal static class GradientCommand
{
    public static Command Create()
    {
        var input = new Argument<string>("input") { Description = "Image (PNG, JPEG, WebP)." };
        var output = new Option<string>("--output", "-o") { Description = "The .npy file to write.", Required = true };
        var model = Options.Model();
        var objective = new ObjectiveOptions();
        var border = new Option<int>("--border") { Description = "Activation border left out of the loss.", DefaultValueFactory = _ => DreamGraphBuilder.DefaultBorder };
        var device = Options.Device();
        var command = new Command("gradient", "Write dLoss/dImage (x = RGB in [0, 1]) as a NumPy float32 array [3, H, W].")
        {
            input, output, model, border, device,
        };
        foreach (var option in objective.All)
            command.Options.Add(option);
        command.SetAction((result, cancel) =>
        {
            var classifier = Session.LoadModel(result.GetValue(model)!);
            var terms = objective.Parse(result, classifier).Validate().Active.Resolve(classifier);
            DreamSettings.BorderRange.Check(result.GetValue(border));
            var image = ImageFile.Read(result.GetValue(input)!).ToRgb();
            var stride = terms.Terms.Max(t => t.Term.StrideOf(classifier));
            var rule = classifier.ValidSize;
            foreach (var (side, size) in new[] { ("width", image.Width), ("height", image.Height) })
                if (!rule.IsValid(size, stride))
                    throw new CliException($"Model '{classifier.Name}' cannot take a {side} of {size} for this objective (stride {stride}); " +
                        $"the nearest valid {side}s are {rule.PreviousValid(size, stride)?.ToString() ?? "none"} and {rule.NextValid(size, stride)}. Resize or crop the image.");
            using var sessions = new DreamSessionCache();
            var session = sessions.Get(classifier, terms, result.GetValue(border), result.GetValue(device), image.Height, image.Width,
                fallback => Console.Error.WriteLine(fallback.Message));
            var gradient = new float[image.Rgb.Length];
            var loss = session.Run(image.Rgb, image.Height, image.Width, terms.Weights, gradient, cancel);
            NpyFile.Write(result.GetValue(output)!, gradient, 3, image.Height, image.Width);
            Console.Error.WriteLine($"loss {loss}; wrote {result.GetValue(output)} [3, {image.Height}, {image.Width}]");
            return Task.FromResult(0);
        });
        return command;
    }
}
