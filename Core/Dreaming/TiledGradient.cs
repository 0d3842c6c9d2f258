using DeepDream.Core.Imaging;
using DeepDream.Core.Inference;
using DeepDream.Core.Onnx;

namespace DeepDream.Core.Dreaming;

/// <summary>
/// dLoss/dImage of a whole image of any size, from fixed-size tiles of the dream graph: each
/// tile is read from the image rolled by (rollX, rollY) (wrapping around, without copying the
/// image), padded to a size the model takes, and its gradient is blended into the image's with
/// weights that ramp across the tiles' overlap. The loss is the area-weighted mean of the tiles'.
/// </summary>
public sealed class TiledGradient
{
    private readonly ImageClassifier model;
    private readonly IReadOnlyList<string> targets;
    private readonly float[] weights;
    private readonly DreamSettings settings;
    private readonly DreamSessionCache sessions;
    private readonly Action<string>? notify;

    public TiledGradient(ImageClassifier model, IReadOnlyList<string> targets, float[] weights, DreamSettings settings,
        DreamSessionCache sessions, Action<string>? notify = null)
    {
        this.model = model;
        this.targets = targets;
        this.weights = weights;
        this.settings = settings;
        this.sessions = sessions;
        this.notify = notify;
        device = settings.Device;
        Stride = targets.Max(model.StrideOf);
        TileSize = TileLayout.ValidTileSize(settings.TileSize, model.ValidSize, Stride);
    }

    /// <summary>The deepest target's stride, which decides the sizes the model takes.</summary>
    public int Stride { get; }
    public int TileSize { get; }

    /// <summary>The smallest image side the model can dream.</summary>
    public int MinimumSize => model.ValidSize.MinimumSize(Stride);

    public float Compute(RgbImage image, int rollX, int rollY, float[] gradient, CancellationToken cancel)
    {
        var (width, height) = (image.Width, image.Height);
        var columns = TileLayout.Spans(width, TileSize, model.ValidSize, Stride);
        var rows = TileLayout.Spans(height, TileSize, model.ValidSize, Stride);
        Array.Clear(gradient, 0, 3 * image.PlaneSize);
        double lossSum = 0, areaSum = 0;

        foreach (var row in rows)
            foreach (var column in columns)
            {
                cancel.ThrowIfCancellationRequested();
                var (tw, th) = (column.ModelSize, row.ModelSize);
                var (tile, tileGradient) = Buffers(tw, th);
                ReadTile(image, column, row, rollX, rollY, tile);
                var loss = RunTile(tile, th, tw, tileGradient, cancel);
                var area = (double)column.Extent * row.Extent;
                lossSum += loss * area;
                areaSum += area;
                WriteTile(image, column, row, rollX, rollY, tileGradient, gradient);
            }

        Normalise(image, gradient, WeightSums(columns, rollX, width), WeightSums(rows, rollY, height));
        return (float)(lossSum / areaSum);
    }

    /// <summary>Runs one tile; a GPU provider that fails at run time is dropped for the CPU for the rest of the dream, with a note.</summary>
    private float RunTile(float[] tile, int height, int width, float[] gradient, CancellationToken cancel)
    {
        var session = sessions.Get(model, targets, settings.Border, device, height, width, notify);
        try
        {
            return session.Run(tile, height, width, weights, gradient, cancel);
        }
        catch (Microsoft.ML.OnnxRuntime.OnnxRuntimeException e) when (session.Device != ExecutionDevice.Cpu && !cancel.IsCancellationRequested)
        {
            notify?.Invoke($"{session.Device} failed while dreaming, so the CPU is used from now on: {e.Message.Split('\n')[0]}");
            device = ExecutionDevice.Cpu;
            return sessions.Get(model, targets, settings.Border, device, height, width, notify).Run(tile, height, width, weights, gradient, cancel);
        }
    }

    private ExecutionDevice device;

    /// <summary>Input and gradient buffers for a tile size, reused across tiles and steps (one dream uses few sizes).</summary>
    private (float[] Tile, float[] Gradient) Buffers(int width, int height)
    {
        if (!buffers.TryGetValue((width, height), out var pair))
            buffers[(width, height)] = pair = (new float[3 * width * height], new float[3 * width * height]);
        return pair;
    }

    private readonly Dictionary<(int, int), (float[], float[])> buffers = new();

    /// <summary>Tile pixel (x, y) shows image pixel (start + x - roll) wrapped; padding repeats the tile's last row and column.</summary>
    private static void ReadTile(RgbImage image, TileSpan column, TileSpan row, int rollX, int rollY, float[] tile)
    {
        var (tw, th) = (column.ModelSize, row.ModelSize);
        var sourceColumns = new int[tw];
        for (var x = 0; x < tw; x++)
            sourceColumns[x] = Wrap(column.Start + Math.Min(x, column.Extent - 1) - rollX, image.Width);
        for (var c = 0; c < 3; c++)
        {
            var plane = image.Plane(c);
            for (var y = 0; y < th; y++)
            {
                var source = plane.Slice(Wrap(row.Start + Math.Min(y, row.Extent - 1) - rollY, image.Height) * image.Width, image.Width);
                var target = tile.AsSpan((c * th + y) * tw, tw);
                for (var x = 0; x < tw; x++)
                    target[x] = source[sourceColumns[x]];
            }
        }
    }

    private static void WriteTile(RgbImage image, TileSpan column, TileSpan row, int rollX, int rollY, float[] tileGradient, float[] gradient)
    {
        var (tw, th) = (column.ModelSize, row.ModelSize);
        var n = image.PlaneSize;
        for (var y = 0; y < row.Extent; y++)
        {
            var imageRow = Wrap(row.Start + y - rollY, image.Height) * image.Width;
            var wy = TileLayout.Weight(row, y);
            for (var x = 0; x < column.Extent; x++)
            {
                var pixel = imageRow + Wrap(column.Start + x - rollX, image.Width);
                var w = wy * TileLayout.Weight(column, x);
                for (var c = 0; c < 3; c++)
                    gradient[c * n + pixel] += w * tileGradient[(c * th + y) * tw + x];
            }
        }
    }

    /// <summary>
    /// The blend weights of a tile are a product of a column and a row weight, and the tiles form
    /// a full grid, so the weights summed at a pixel are the column sums times the row sums.
    /// </summary>
    private static float[] WeightSums(IReadOnlyList<TileSpan> spans, int roll, int length)
    {
        var sums = new float[length];
        foreach (var span in spans)
            for (var i = 0; i < span.Extent; i++)
                sums[Wrap(span.Start + i - roll, length)] += TileLayout.Weight(span, i);
        return sums;
    }

    private static void Normalise(RgbImage image, float[] gradient, float[] columnSums, float[] rowSums)
    {
        var reciprocal = columnSums.Select(s => 1f / s).ToArray();
        var row = new float[image.Width];
        for (var y = 0; y < image.Height; y++)
        {
            System.Numerics.Tensors.TensorPrimitives.Multiply(reciprocal, 1f / rowSums[y], row);
            for (var c = 0; c < 3; c++)
            {
                var g = gradient.AsSpan((c * image.Height + y) * image.Width, image.Width);
                System.Numerics.Tensors.TensorPrimitives.Multiply(g, row, g);
            }
        }
    }

    private static int Wrap(int i, int n) => ((i % n) + n) % n;
}
