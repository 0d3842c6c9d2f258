using System.Runtime.CompilerServices;
using DeepDream.Core.Dreaming.Picture;
using DeepDream.Core.Imaging;
using DeepDream.Core.Inference;
using DeepDream.Core.Onnx;

namespace DeepDream.Core.Dreaming;

/// <summary>
/// DeepDream: gradient ascent on the image over octaves, smallest first, re-injecting after each
/// octave the detail that shrinking the original lost (Chollet, Deep Learning with Python, 8.2),
/// with a seeded random roll before every step. The original is only ever resampled, so it can
/// stay in the caller's 8-bit pixels (<see cref="ByteImage"/>); the dream comes back as float RGB.
/// The picture controls (pattern size, keep colours, strength) are applied around the octave loop.
/// A cancelled dream throws <see cref="OperationCanceledException"/> and returns nothing partial.
/// </summary>
public sealed class Dreamer(ImageClassifier model, DreamSessionCache? sessions = null)
{
    private readonly DreamSessionCache sessions = sessions ?? DreamSessionCache.Shared;

    public ImageClassifier Model => model;

    public RgbImage Dream(IRgbSource original, DreamSettings settings, IProgress<DreamProgress>? progress = null, CancellationToken cancel = default)
    {
        settings.Validate();
        return PictureControls.Apply(original, settings, source => DreamOctaves(source, settings, progress, cancel), cancel);
    }

    private RgbImage DreamOctaves(IRgbSource original, DreamSettings settings, IProgress<DreamProgress>? progress, CancellationToken cancel)
    {
        var objective = settings.Objective.Active.Resolve(model);
        DeviceFallback? fallback = null;
        var field = new TiledGradient(model, objective, settings, sessions, f => fallback = f);

        var sizes = Octaves.Sizes(original.Width, original.Height, settings.Octaves, settings.OctaveScale, field.MinimumSize);
        if (sizes.Count == 0)
            throw new DreamSettingsException(
                $"The {PatternSize.Describe(original, settings.PatternSize)} is too small for this objective on {model.Name}: both sides must be at least {field.MinimumSize} pixels.");

        var random = new Random(settings.Seed);
        Func<DeviceFallback?> takeFallback = () => Interlocked.Exchange(ref fallback, null);
        RgbImage? image = null;
        for (var octave = 0; octave < sizes.Count; octave++)
        {
            var (size, previous) = (sizes[octave], sizes[Math.Max(octave - 1, 0)]);
            var position = (Octave: octave + 1, Count: sizes.Count);
            ReleaseDropped(size, cancel);
            image = Enlarge(image, original, size, cancel);
            ReleaseDropped(size, cancel);
            Ascend(image, field, settings, random, position, progress, takeFallback, cancel);
            ReinjectDetail(original, image, previous, cancel);
        }
        Clamp(image!);
        return image!;
    }

    /// <summary>
    /// Before an octave of a large image allocates: collects, and hands freed memory back to the
    /// system at once. The arrays just dropped (the previous octave's gradient, then its image, or
    /// the buffers of a dream cancelled just before this one) are hundreds of megabytes, and an
    /// ordinary collection leaves them resident under the new ones for a while. Small images, and every image of an embedded dream (the host application
    /// would freeze for the collection), leave the garbage collector alone.
    /// </summary>
    private void ReleaseDropped((int Width, int Height) octave, CancellationToken cancel)
    {
        if (sessions.Profile == HostProfile.Embedded || 3L * sizeof(float) * octave.Width * octave.Height < LargeImageBytes)
            return;
        // A collection cannot be interrupted: a cancellation is answered before and after it.
        cancel.ThrowIfCancellationRequested();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        cancel.ThrowIfCancellationRequested();
    }

    private const long LargeImageBytes = 64L << 20;

    /// <summary>
    /// The previous octave's dream (the original, for the first octave) resized to this octave.
    /// Not inlined: inlined, the JIT kept the previous image in a stack temporary of the octave
    /// loop, alive through the next octave (392 MiB at 8192x8192; seen with dotnet-dump gcroot).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static RgbImage Enlarge(RgbImage? previous, IRgbSource original, (int Width, int Height) size, CancellationToken cancel) =>
        Bilinear.Resize((IRgbSource?)previous ?? original, size.Width, size.Height, cancel);

    /// <summary>
    /// image += resize(original) - resize(original shrunk to the previous octave): the detail that
    /// the smaller octave could not hold. The shrunk original is a view computed row by row, so no
    /// image-sized buffer is added to the ones the octave holds.
    /// </summary>
    internal static void ReinjectDetail(IRgbSource original, RgbImage image, (int Width, int Height) previous, CancellationToken cancel)
    {
        Bilinear.AddResized(original, image, 1f, cancel);
        Bilinear.AddResized(Bilinear.ResizedView(original, previous.Width, previous.Height), image, -1f, cancel);
    }

    private static void Ascend(RgbImage image, TiledGradient field, DreamSettings settings, Random random, (int Octave, int Count) position,
        IProgress<DreamProgress>? progress, Func<DeviceFallback?> takeFallback, CancellationToken cancel)
    {
        var gradient = new Half[image.Rgb.Length];
        for (var step = 0; step < settings.Iterations; step++)
        {
            cancel.ThrowIfCancellationRequested();
            var rollX = random.Next(-settings.Jitter, settings.Jitter + 1);
            var rollY = random.Next(-settings.Jitter, settings.Jitter + 1);
            var loss = field.Compute(image, rollX, rollY, gradient, cancel);
            var applied = AscentStep.Apply(image.Rgb, gradient, settings.Step, cancel);
            var fallback = takeFallback();
            var note = fallback?.Message ?? (applied ? null : "The gradient was not finite (or zero), so this step was skipped.");
            progress?.Report(new DreamProgress(position.Octave, position.Count, step + 1, settings.Iterations, loss, note, fallback) { Size = (image.Width, image.Height) });
            if (settings.MaxLoss is { } max && loss > max)
                break;
        }
    }

    internal static void Clamp(RgbImage image)
    {
        System.Numerics.Tensors.TensorPrimitives.Max(image.Rgb, 0f, image.Rgb);
        System.Numerics.Tensors.TensorPrimitives.Min(image.Rgb, 1f, image.Rgb);
    }
}
