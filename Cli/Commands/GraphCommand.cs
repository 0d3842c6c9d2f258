using System.CommandLine;
using DeepDream.Core.Inference;
using DeepDream.Core.Onnx;
using DeepDream.Core.Onnx.DreamGraph;
using Google.Protobuf;

namespace DeepDream.Cli.Commands;

/// <summary>deepdream graph -o dream.onnx: the dream graph itself, for inspection (Netron) and checks.</summary>
internal static class GraphCommand
{
    public static Command Create()
    {
        var output = new Option<string>("--output", "-o") { Description = "The .onnx file to write.", Required = true };
        var model = Options.Model();
        var objective = new ObjectiveOptions();
        var border = new Option<int>("--border") { Description = "Activation border left out of the loss.", DefaultValueFactory = _ => DreamGraphBuilder.DefaultBorder };
        var target = new Option<GraphTarget>("--target") { Description = "The kind of provider the graph is written for: cpu, or gpu (DirectML, CUDA).", DefaultValueFactory = _ => GraphTarget.Cpu };
        var size = new Option<string?>("--size") { Description = "WxH: the graph for this image size only, with every shape folded into constants (as GPU sessions run a gpu graph)." };
        var command = new Command("graph", "Write the dream graph (image -> loss, dLoss/dImage) as an ONNX file.")
        {
            output, model, border, target, size,
        };
        foreach (var option in objective.All)
            command.Options.Add(option);
        command.SetAction(result =>
        {
            var classifier = Session.LoadModel(result.GetValue(model)!);
            var terms = objective.Parse(result, classifier).Validate().Active.Resolve(classifier);
            var bytes = ModelException.Guard(classifier.Name, () => DreamGraphBuilder.Build(classifier.Model, classifier.Name, terms, result.GetValue(target), result.GetValue(border)).ToByteArray());
            if (result.GetValue(size) is { } text)
            {
                var (width, height) = Options.ParseSize(text);
                bytes = FixedSizeGraph.Specialise(bytes, height, width);
            }
            var path = result.GetValue(output)!;
            File.WriteAllBytes(path, bytes);
            Console.Error.WriteLine($"Wrote {path} ({bytes.Length / 1024} KiB).");
            return 0;
        });
        return command;
    }
}
