using DeepDream.Core.Dreaming;
using Spectre.Console;

namespace DeepDream.Cli.Commands;

/// <summary>A progress bar on stderr while the engine works; notes (fallbacks, skipped steps) are printed as they come.</summary>
internal static class ProgressDisplay
{
    private static readonly IAnsiConsole Error = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });

    public static T Run<T>(string title, Func<IProgress<DreamProgress>, T> work)
    {
        T result = default!;
        Error.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask(title, maxValue: 1.0);
                var progress = new Reporter(p =>
                {
                    task.Value = p.Fraction;
                    task.Description = $"{title}: octave {p.Octave}/{p.OctaveCount} ({p.Size.Width}x{p.Size.Height}), step {p.Step}/{p.StepCount}, loss {p.Loss:F3}";
                    if (p.Note is not null)
                        Error.MarkupLineInterpolated($"[yellow]{p.Note}[/]");
                });
                result = work(progress);
                task.Value = 1.0;
            });
        return result;
    }

    /// <summary>Reports synchronously on the worker's thread (Progress&lt;T&gt; would post to the thread pool and lag behind).</summary>
    private sealed class Reporter(Action<DreamProgress> report) : IProgress<DreamProgress>
    {
        public void Report(DreamProgress value) => report(value);
    }
}
