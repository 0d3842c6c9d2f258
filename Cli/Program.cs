using System.CommandLine;
using DeepDream.Cli.Commands;
using DeepDream.Cli.Files;
using DeepDream.Core.Dreaming;
using DeepDream.Core.Inference;
using DeepDream.Core.Onnx;

var root = new RootCommand("DeepDream with ONNX Runtime: dream images, map what the channels of a layer draw, export input gradients, list models and layers.")
{
    DreamCommand.Create(),
    AtlasCommand.Create(),
    GradientCommand.Create(),
    GraphCommand.Create(),
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
    // Ctrl+C cancels the work (ONNX Runtime runs in flight included) instead of killing the process.
    using var interrupt = new CancellationTokenSource();
    Console.CancelKeyPress += (_, e) =>
    {
        e.Cancel = true;
        interrupt.Cancel();
    };
    var configuration = new InvocationConfiguration { EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null };
    return await parsed.InvokeAsync(configuration, interrupt.Token);
}
catch (Exception e) when (e is ModelException or DreamSettingsException or ImageFileException or CliException or ProviderUnavailableException)
{
    Console.Error.WriteLine($"error: {e.Message}");
    return 2;
}
catch (OperationCanceledException)
{
    Console.Error.WriteLine("cancelled: nothing was written.");
    return Cancelled;
}

internal partial class Program
{
    /// <summary>The exit code of a run stopped by Ctrl+C, as shells report SIGINT.</summary>
    private const int Cancelled = 130;
}
