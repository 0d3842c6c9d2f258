using DeepDream.Core.Dreaming;
using DeepDream.Core.Inference;

namespace DeepDream.Plugin.Dialog;

/// <summary>
/// What the last dream has to tell the user: why it left the layer as it was, or that the GPU gave
/// way to the CPU. Paint.NET gives an effect no way to show a message while it renders, so the
/// dialog shows them the next time it opens. Shared by every instance of the effect.
/// </summary>
public sealed class DialogNotes : IProgress<DreamProgress>
{
    private volatile string? problem;
    private volatile DeviceFallback? fallback;

    public static DialogNotes Shared { get; } = new();

    /// <summary>Why the last dream left the layer unchanged (a user's mistake), or null.</summary>
    public string? Problem => problem;

    /// <summary>How the last dream's GPU gave way to the CPU, or null.</summary>
    public DeviceFallback? Fallback => fallback;

    public void Started() => (problem, fallback) = (null, null);

    public void Refused(string reason) => problem = reason;

    public void Report(DreamProgress value)
    {
        if (value.Fallback is { } f)
            fallback = f;
    }
}
