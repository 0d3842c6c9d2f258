using DeepDream.Core.Dreaming;

namespace DeepDream.Tests.Support;

/// <summary>Keeps every progress report, in order, as it is made (on the dreaming thread).</summary>
public sealed class ProgressLog : List<DreamProgress>, IProgress<DreamProgress>
{
    public void Report(DreamProgress value) => Add(value);
}
