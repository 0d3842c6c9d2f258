using System.Numerics.Tensors;
using DeepDream.Core.Imaging;
using DeepDream.Core.Inference;
using DeepDream.Core.Objectives;
using DeepDream.Core.Onnx;

namespace DeepDream.Core.Dreaming;

/// <summary>
/// dLoss/dImage of a whole image of any size, from fixed-size tiles of the dream graph: each
/// tile is read from the image rolled by (rollX, rollY) (wrapping around, without copying the
/// image), padded to a size the model takes, and its gradient is blended into the image's with
/// weights that ramp across the tiles' overlap. The loss is the area-weighted mean of the tiles'.
/// The image's gradient is kept in half precision, up to a positive factor: it is the largest
/// buffer of a dream after the image itself, and it only gives the direction of a step that
/// <see cref="AscentStep"/> scales by its mean magnitude anyway.
/// </summary>
public sealed class TiledGradient
{
    private readonly ImageClassifier model;
    private readonly Objective objective;
    private readonly float[] weights;
    private readonly DreamSettings settings;
    private readonly DreamSessionCache sessions;
    private readonly Action<DeviceFallback>? report;
    private readonly Dictionary<(int, int), (float[], float[])> buffers = new();
    private readonly float[] blendRow;
    private readonly float[] widenedRow;
    private ExecutionDevice device;

    /// <param name="objective">Resolved (<see cref="Objective.Resolve"/>).</param>
    public TiledGradient(ImageClassifier model, Objective objective, DreamSettings settings,
        DreamSessionCache sessions, Action<DeviceFallback>? report = null)
    {
        this.model = model;
        this.objective = objective;
        weights = objective.Weights;
        this.settings = settings;
        this.sessions = sessions;
        this.report = report;
        device = settings.Device;
        Stride = objective.Terms.Max(t => t.Term.StrideOf(model));
        TileSize = TileLayout.ValidTileSize(settings.TileSize, model.ValidSize, Stride);
        // A tile covers at most TileSize pixels of a row (it is padded beyond that only when the image is smaller).
        blendRow = new float[TileSize];
        widenedRow = new float[TileSize];
    }

    /// <summary>The deepest term's stride, which decides the sizes the model takes.</summary>
    public int Stride { get; }
    public int TileSize { get; }

    /// <summary>The smallest image side the model can dream.</summary>
    public int MinimumSize => model.ValidSize.MinimumSize(Stride);

    /// <summary>Writes dLoss/dImage times a positive factor into <paramref name="gradient"/> and returns the loss.</summary>
    public float Compute(RgbImage image, int rollX, int rollY, Half[] gradient, CancellationToken cancel)
    {
        var (width, height) = (image.Width, image.Height);
        var columns = TileLayout.Spans(width, TileSize, model.ValidSize, Stride);
        var rows = TileLayout.Spans(height, TileSize, model.ValidSize, Stride);
        var columnWeights = BlendWeights(columns, rollX, width);
        var rowWeights = BlendWeights(rows, rollY, height);
        Array.Clear(gradient, 0, 3 * image.PlaneSize);
        double lossSum = 0, areaSum = 0;
        var scale = 0f;

        for (var r = 0; r < rows.Count; r++)
            for (var c = 0; c < columns.Count; c++)
            {
                cancel.ThrowIfCancellationRequested();
                var (column, row) = (columns[c], rows[r]);
                var (tw, th) = (column.ModelSize, row.ModelSize);
                var (tile, tileGradient) = Buffers(tw, th);
                ReadTile(image, column, row, rollX, rollY, tile);
                var loss = RunTile(tile, th, tw, tileGradient, cancel);
                var area = (double)column.Extent * row.Extent;
                lossSum += loss * area;
                areaSum += area;
                if (scale == 0)
                    scale = StorageScale(tileGradient.AsSpan(0, 3 * tw * th));
                WriteTile(image, column, row, rollX, rollY, tileGradient, columnWeights[c], rowWeights[r], scale, gradient);
            }

        return (float)(lossSum / areaSum);
    }

    /// <summary>
    /// The gradient of a mean loss is about 1e-6 per pixel, where half precision has lost most of
    /// its digits; it is stored divided by the first tile's mean magnitude, so that it sits near 1.
    /// A zero tile leaves the choice to the next; a non-finite one stores what it has (and the step is skipped).
    /// </summary>
    private static float StorageScale(ReadOnlySpan<float> tileGradient)
    {
        var mean = TensorPrimitives.SumOfMagnitudes(tileGradient) / tileGradient.Length;
        return !float.IsFinite(mean) ? 1f : mean > 0 ? 1f / mean : 0f;
    }

    /// <summary>
    /// Runs one tile. A GPU provider that could not start, or that fails at run time
    /// (<see cref="DevicePolicy"/>), is dropped for the CPU for the rest of the dream, which
    /// reports it once, not once per tile size.
    /// </summary>
    private float RunTile(float[] tile, int height, int width, float[] gradient, CancellationToken cancel)
    {
        var session = Session(device, height, width);
        device = session.Device;
        return DevicePolicy.Run(session.Device,
            on => (on == session.Device ? session : Session(on, height, width)).Run(tile, height, width, weights, gradient, cancel),
            fallback =>
            {
                device = fallback.To;
                report?.Invoke(fallback);
            },
            cancel);
    }

    private DreamSession Session(ExecutionDevice on, int height, int width) =>
        sessions.Get(model, objective, settings.Border, on, height, width, report, settings.Adapter);

    /// <summary>Input and gradient buffers for a tile size, reused across tiles and steps (one dream uses few sizes).</summary>
    private (float[] Tile, float[] Gradient) Buffers(int width, int height)
    {
        if (!buffers.TryGetValue((width, height), out var pair))
            buffers[(width, height)] = pair = (new float[3 * width * height], new float[3 * width * height]);
        return pair;
    }

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

    /// <summary>Adds a tile's gradient, times its blend weights, to the image's: row by row, widening to float and back.</summary>
    private void WriteTile(RgbImage image, TileSpan column, TileSpan row, int rollX, int rollY, float[] tileGradient,
        float[] columnWeights, float[] rowWeights, float scale, Half[] gradient)
    {
        var (tw, th) = (column.ModelSize, row.ModelSize);
        var n = image.PlaneSize;
        var first = Wrap(column.Start - rollX, image.Width);
        var beforeWrap = Math.Min(column.Extent, image.Width - first);
        var weighted = blendRow.AsSpan(0, column.Extent);
        for (var y = 0; y < row.Extent; y++)
        {
            var imageRow = Wrap(row.Start + y - rollY, image.Height) * image.Width;
            for (var c = 0; c < 3; c++)
            {
                TensorPrimitives.Multiply(tileGradient.AsSpan((c * th + y) * tw, column.Extent), columnWeights, weighted);
                TensorPrimitives.Multiply(weighted, rowWeights[y] * scale, weighted);
                var plane = gradient.AsSpan(c * n + imageRow, image.Width);
                AddInto(plane.Slice(first, beforeWrap), weighted[..beforeWrap]);
                AddInto(plane[..(column.Extent - beforeWrap)], weighted[beforeWrap..]);
            }
        }
    }

    private void AddInto(Span<Half> target, ReadOnlySpan<float> values)
    {
        var wide = widenedRow.AsSpan(0, target.Length);
        TensorPrimitives.ConvertToSingle(target, wide);
        TensorPrimitives.Add(wide, values, wide);
        TensorPrimitives.ConvertToHalf(wide, target);
    }

    /// <summary>
    /// Each tile pixel's blend weight divided by the sum of the weights that land on its image
    /// pixel, so that the tiles' shares add up to 1. A tile's weights are a column weight times a
    /// row weight, and the tiles form a full grid, so both factors can be normalised on their own.
    /// </summary>
    private static float[][] BlendWeights(IReadOnlyList<TileSpan> spans, int roll, int length)
    {
        var sums = new float[length];
        foreach (var span in spans)
            for (var i = 0; i < span.Extent; i++)
                sums[Wrap(span.Start + i - roll, length)] += TileLayout.Weight(span, i);
        return spans.Select(span => Enumerable.Range(0, span.Extent)
            .Select(i => TileLayout.Weight(span, i) / sums[Wrap(span.Start + i - roll, length)]).ToArray()).ToArray();
    }

    private static int Wrap(int i, int n) => ((i % n) + n) % n;
}
