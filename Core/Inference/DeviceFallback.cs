namespace DeepDream.Core.Inference;

/// <summary>When a device gave way: while its session started, or in the middle of a dream.</summary>
public enum FallbackStage
{
    StartUp,
    WhileDreaming,
}

/// <summary>A GPU provider gave way to another device (the CPU), at a stage, for a reason (the provider's first error line).</summary>
public sealed record DeviceFallback(ExecutionDevice From, ExecutionDevice To, FallbackStage Stage, string Reason)
{
    /// <summary>The sentence the CLI prints and the dialog shows.</summary>
    public string Message => Stage == FallbackStage.StartUp
        ? $"{From} could not start, so {Name(To)} is used: {Reason}"
        : $"{From} failed while dreaming, so {Name(To)} is used from now on: {Reason}";

    private static string Name(ExecutionDevice device) => device == ExecutionDevice.Cpu ? "the CPU" : device.ToString();
}
