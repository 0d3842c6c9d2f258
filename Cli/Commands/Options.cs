using System.CommandLine;
using System.Globalization;
using DeepDream.Core.Dreaming;
using DeepDream.Core.Inference;

namespace DeepDream.Cli.Commands;

/// <summary>Options shared by several commands, and their parsing into engine types.</summary>
internal static class Options
{
    public static Option<string> Model() => new("--model", "-m")
    {
        Description = "Catalog id (see 'deepdream models') or path to an ONNX classifier.",
        DefaultValueFactory = _ => "resnet18",
    };

    public static Option<string?> Layers() => new("--layers", "-l")
    {
        Description = "Layers and weights, e.g. layer2.1=0.5,layer3.1=1 (catalog names or tensor names; no weight means 1). Default: the model's recommended layers.",
    };

    public static Option<ExecutionDevice> Device() => new("--device")
    {
        Description = "auto (a GPU if this build has one for this OS), gpu (CUDA, or DirectML on Windows without CUDA), cpu, cuda or dml.",
        DefaultValueFactory = _ => ExecutionDevice.Auto,
        CustomParser = r =>
        {
            try
            {
                return ParseDevice(r.Tokens.Single().Value);
            }
            catch (CliException e)
            {
                r.AddError(e.Message);
                return ExecutionDevice.Auto;
            }
        },
    };

    public static Option<int> Threads() => new("--threads")
    {
        Description = "CPU threads for ONNX Runtime (0: all cores).",
        DefaultValueFactory = _ => 0,
    };

    public static ExecutionDevice ParseDevice(string text) => text.ToLowerInvariant() switch
    {
        "auto" => ExecutionDevice.Auto,
        "cpu" => ExecutionDevice.Cpu,
        "gpu" => ExecutionDevice.Gpu,
        "cuda" => ExecutionDevice.Cuda,
        "dml" or "directml" => ExecutionDevice.DirectML,
        _ => throw new CliException($"Unknown device '{text}': use auto, gpu, cpu, cuda or dml."),
    };

    /// <summary>"640x480" -> (640, 480).</summary>
    public static (int Width, int Height) ParseSize(string text)
    {
        var parts = text.ToLowerInvariant().Split('x');
        if (parts.Length == 2 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var width)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var height) && width is > 0 and <= 16384 && height is > 0 and <= 16384)
            return (width, height);
        throw new CliException($"'{text}' is not a size: use WxH, e.g. 512x512 (1 to 16384 each).");
    }

    /// <summary>"a=0.5,b" -> {a: 0.5, b: 1}.</summary>
    public static IReadOnlyDictionary<string, double> ParseLayers(string text)
    {
        var weights = new Dictionary<string, double>();
        foreach (var item in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = item.Split('=', 2, StringSplitOptions.TrimEntries);
            var weight = 1.0;
            if (parts.Length == 2 && !double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out weight))
                throw new CliException($"--layers: '{parts[1]}' is not a number (in '{item}').");
            if (!weights.TryAdd(parts[0], weight))
                throw new CliException($"--layers: layer '{parts[0]}' is listed twice.");
        }
        if (weights.Count == 0)
            throw new CliException("--layers: no layer given.");
        return weights;
    }
}

/// <summary>A command-line mistake; printed as one line.</summary>
internal sealed class CliException(string message) : Exception(message);
