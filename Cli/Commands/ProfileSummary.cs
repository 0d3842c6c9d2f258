using System.Text.Json;

namespace DeepDream.Cli.Commands;

/// <summary>Sums the kernel times of an ONNX Runtime profile by op type and prints the largest.</summary>
internal static class ProfileSummary
{
    public static void Print(string path, int skipRuns, int top = 15)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var events = document.RootElement.ValueKind == JsonValueKind.Array
            ? document.RootElement
            : document.RootElement.GetProperty("traceEvents");
        var runEnds = events.EnumerateArray()
            .Where(e => e.GetProperty("name").GetString() == "model_run")
            .Select(e => e.GetProperty("ts").GetInt64() + e.GetProperty("dur").GetInt64())
            .Order()
            .ToList();
        var from = skipRuns > 0 && runEnds.Count > skipRuns ? runEnds[skipRuns - 1] : long.MinValue;
        var runs = Math.Max(1, runEnds.Count - skipRuns);

        var byOp = new Dictionary<string, (double Micros, int Nodes)>();
        foreach (var e in events.EnumerateArray())
        {
            if (e.GetProperty("cat").GetString() != "Node" || !e.GetProperty("name").GetString()!.EndsWith("_kernel_time", StringComparison.Ordinal))
                continue;
            if (e.GetProperty("ts").GetInt64() < from)
                continue;
            var op = e.GetProperty("args").GetProperty("op_name").GetString()!;
            var (micros, nodes) = byOp.GetValueOrDefault(op);
            byOp[op] = (micros + e.GetProperty("dur").GetInt64(), nodes + 1);
        }
        var total = byOp.Values.Sum(v => v.Micros);
        Console.WriteLine($"kernel time per step: {total / runs / 1000:F1} ms over {runs} runs");
        Console.WriteLine("op                        ms/step   share  nodes");
        foreach (var (op, (micros, nodes)) in byOp.OrderByDescending(p => p.Value.Micros).Take(top))
            Console.WriteLine($"{op,-24} {micros / runs / 1000,8:F2} {micros / total,7:P1} {nodes / runs,6}");
    }
}
