namespace DeepDream.Core.Inference;

/// <summary>
/// The process a dream runs in. <see cref="Standalone"/> (the CLI) may take the whole machine.
/// <see cref="Embedded"/> (a plugin inside an application such as Paint.NET) shares it with the
/// application's UI: one core is left to it, ONNX Runtime's idle threads sleep instead of
/// spinning, and the application's garbage collector is never forced into a blocking, compacting
/// collection. <see cref="ExecutionProviders"/> turns the profile into session options.
/// </summary>
public enum HostProfile
{
    Standalone,
    Embedded,
}
