using System.CommandLine;
using DeepDream.Cli.Commands;
using DeepDream.Cli.Files;
using DeepDream.Core.Dreaming;
using DeepDream.Core.Inference;
using DeepDream.Core.Onnx;

var root = new RootCommand("DeepDream with ONNX Runtime: dream images, export input gradients, list models and layers.")
{
    DreamCommand.Create(),
    GradientCommand.Create(),
    CatalogCommands.Layers(),
    CatalogCommands.Models(),
    BenchCommand.Create(),
};

var parsed = root.Parse(args);
if (parsed.Errors.Count > 0)
{
    Console.Error.WriteLine($"error: {string.Join(" ", parsed.Errors.Select(e => e.Message))} (see 'deepdream --help')");
    return 2;
}
try
{
    return await parsed.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
}
catch (Exception e) when (e is ModelException or DreamSettingsException or ImageFileException or CliException or ProviderUnavailableException)
{
    Console.Error.WriteLine($"error: {e.Message}");
    return 2;
}
catch (OperationCanceledException)
{
    Console.Error.WriteLine("cancelled: nothing was written.");
    return 130;
}
