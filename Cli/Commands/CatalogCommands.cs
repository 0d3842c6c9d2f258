using System.CommandLine;
using DeepDream.Core.Inference;
using DeepDream.Core.Models;

namespace DeepDream.Cli.Commands;

/// <summary>deepdream models and deepdream layers: what can be chosen.</summary>
internal static class CatalogCommands
{
    public static Command Models()
    {
        var command = new Command("models", "List the models in the catalog.");
        command.SetAction(_ =>
        {
            var catalog = ModelCatalog.Default;
            foreach (var m in catalog.Models)
                Console.WriteLine($"{m.Id,-14} {(catalog.IsInstalled(m) ? "installed" : "not installed"),-14} {m.DisplayName}: {m.Description}");
            return 0;
        });
        return command;
    }

    public static Command Layers()
    {
        var model = Options.Model();
        var command = new Command("layers", "List the layers of a model that can be dreamed with.") { model };
        command.SetAction(result =>
        {
            var classifier = Session.LoadModel(result.GetValue(model)!);
            var defaults = classifier.Spec?.DefaultWeights ?? new Dictionary<string, double>();
            Console.WriteLine($"{"name",-10} {"tensor",-24} {"op",-12} {"channels",8} {"stride",6}");
            foreach (var layer in LayerProbe.List(classifier))
            {
                var mark = layer.Name is not null && defaults.TryGetValue(layer.Name, out var w) ? $"  (default weight {w})" : "";
                Console.WriteLine($"{layer.Name ?? "-",-10} {layer.Tensor,-24} {layer.Op,-12} {layer.Channels,8} {layer.Stride,6}{mark}");
            }
            return 0;
        });
        return command;
    }
}
