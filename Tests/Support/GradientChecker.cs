using DeepDream.Core.Onnx.DreamGraph;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Onnx;
using DataType = Onnx.TensorProto.Types.DataType;

namespace DeepDream.Tests.Support;

/// <summary>Runs a dream graph in ONNX Runtime and compares its gradient with central finite differences of its loss.</summary>
public sealed class GradientChecker : IDisposable
{
    private readonly InferenceSession session;
    private readonly DataType type;
    private readonly long[] shape;

    public GradientChecker(ModelProto forward, IReadOnlyList<string> targets, long[] inputShape, int border = 0, GraphTarget target = GraphTarget.Cpu)
    {
        type = (DataType)forward.Graph.Input[0].Type.TensorType.ElemType;
        shape = inputShape;
        var dream = DreamGraphBuilder.Build(forward, "test", Objective.Layers(targets), target, border);
        using var options = new SessionOptions { LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR };
        session = new InferenceSession(dream.ToByteArray(), options);
        Weights = Enumerable.Range(0, targets.Count).Select(i => 1.0 + 0.5 * i).ToArray();
    }

    public double[] Weights { get; }

    public (double Loss, double[] Gradient) Evaluate(double[] x)
    {
        using var image = Tensor(x, shape);
        using var weights = Tensor(Weights, [Weights.Length]);
        using var results = session.Run(new RunOptions(), ["image", DreamGraphBuilder.WeightsInput], [image, weights], [DreamGraphBuilder.LossOutput, DreamGraphBuilder.GradientOutput]);
        return (Read(results[0])[0], Read(results[1]));
    }

    /// <summary>
    /// The largest difference between the graph's gradient and the central difference, relative
    /// to the largest gradient component, over all elements of x.
    /// </summary>
    public GradientError Check(double[] x, double epsilon)
    {
        var (_, analytic) = Evaluate(x);
        var worst = 0.0;
        var scale = analytic.Max(Math.Abs);
        for (var i = 0; i < x.Length; i++)
        {
            var saved = x[i];
            x[i] = saved + epsilon;
            var up = Evaluate(x).Loss;
            x[i] = saved - epsilon;
            var down = Evaluate(x).Loss;
            x[i] = saved;
            worst = Math.Max(worst, Math.Abs((up - down) / (2 * epsilon) - analytic[i]));
        }
        return new GradientError(worst / Math.Max(scale, 1e-12), scale, type);
    }

    /// <summary>
    /// |(L(x + h d) - L(x - h d)) / 2h - g . d| / |g . d| with d = g / max|g|: how well the graph's
    /// gradient predicts the loss along its own direction.
    /// </summary>
    public double CheckAlongGradient(double[] x, double h)
    {
        var (_, g) = Evaluate(x);
        var scale = g.Max(Math.Abs);
        var d = g.Select(v => v / scale).ToArray();
        var predicted = g.Zip(d, (a, b) => a * b).Sum();
        var up = Evaluate(x.Select((v, i) => v + h * d[i]).ToArray()).Loss;
        var down = Evaluate(x.Select((v, i) => v - h * d[i]).ToArray()).Loss;
        return Math.Abs((up - down) / (2 * h) - predicted) / Math.Abs(predicted);
    }

    private OrtValue Tensor(double[] values, long[] dims) => type == DataType.Double
        ? OrtValue.CreateTensorValueFromMemory(values.ToArray(), dims)
        : OrtValue.CreateTensorValueFromMemory(values.Select(v => (float)v).ToArray(), dims);

    private double[] Read(OrtValue value) => type == DataType.Double
        ? value.GetTensorDataAsSpan<double>().ToArray()
        : value.GetTensorDataAsSpan<float>().ToArray().Select(v => (double)v).ToArray();

    public void Dispose() => session.Dispose();
}

public sealed record GradientError(double Relative, double GradientScale, DataType Type);
