using DeepDream.Core.Inference;

namespace DeepDream.Core.Dreaming;

/// <summary>
/// Where a dream is: octave and step (1-based), the latest loss, an optional note (a fallback's
/// message, a skipped step), and the device fallback of this step, if any.
/// </summary>
public sealed record DreamProgress(int Octave, int OctaveCount, int Step, int StepCount, float Loss, string? Note = null, DeviceFallback? Fallback = null)
{
    /// <summary>The size the octave is dreamed at.</summary>
    public (int Width, int Height) Size { get; init; }

    /// <summary>Fraction of all steps done, in [0, 1].</summary>
    public double Fraction => OctaveCount == 0 ? 1 : ((Octave - 1) + (double)Step / Math.Max(StepCount, 1)) / OctaveCount;
}
