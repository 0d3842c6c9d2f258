using DeepDream.Core.Dreaming;
using Spectre.Console;

namespace DeepDream.Cli.Commands;

/// <summary>A progress bar on stderr while the engine works; notes (fallbacks, skipped steps) are printed as they come.</summary>
internal static class ProgressDisplay
{
    private static readonly IAnsiConsole Error = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });

    /// <summary>What a piece of work tells the bar: the fraction done, the bar's text, and a note to print, if any.</summary>
    public delegate void Report(double fraction, string description, string? note);

    public static T Run<T>(string title, Func<IProgress<DreamProgress>, T> work) =>
        Track(title, report => work(new Reporter(p =>
            report(p.Fraction, $"{title}: octave {p.Octave}/{p.OctaveCount} ({p.Size.Width}x{p.Size.Height}), step {p.Step}/{p.StepCount}, loss {p.Loss:F3}", p.Note))));

    public static T Track<T>(string title, Func<Report, T> work)
    {
        T result = default!;
        Error.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask(title, maxValue: 1.0);
                result = work((fraction, description, note) =>
                {
                    task.Value = fraction;
                    task.Description = description;
                    if (note is not null)
                        Error.MarkupLineInterpolated($"[yellow]{note}[/]");
                });
                task.Value = 1.0;
            });
        return result;
    }

    /// <summary>Reports synchronously on the worker's thread (Progress&lt;T&gt; would post to the thread pool and lag behind).</summary>
    public sealed class Reporter(Action<DreamProgress> report) : IProgress<DreamProgress>
    {
        public void Report(DreamProgress value) => report(value);
    }
}
