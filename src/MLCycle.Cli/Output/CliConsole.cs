using Spectre.Console;

namespace MLCycle.Cli.Output;

/// <summary>Where the CLI writes: tables and progress for people, JSON for scripts, errors to standard error.</summary>
public sealed class CliConsole
{
    public CliConsole(TextWriter stdout, TextWriter stderr)
    {
        Out = stdout;
        Err = stderr;
        Ansi = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(stdout),
            Interactive = InteractionSupport.Detect,
            Ansi = ReferenceEquals(stdout, Console.Out) ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = ReferenceEquals(stdout, Console.Out) ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
        });
        // Spectre assumes 80 columns when output is not a terminal; logs and CI output read better unwrapped.
        if (Console.IsOutputRedirected || !ReferenceEquals(stdout, Console.Out)) Ansi.Profile.Width = 160;
    }

    public TextWriter Out { get; }
    public TextWriter Err { get; }
    public IAnsiConsole Ansi { get; }

    public void Error(string message) => Err.WriteLine($"error: {Printable(message)}");

    /// <summary>
    /// Text as it may reach a terminal. Messages quote what files and specs hold (keys, paths, gates, values), and an escape
    /// sequence there could recolour or rewrite the screen, a right-to-left override reorder what people read; so every
    /// hidden character but a line break or a tab is written escaped.
    /// </summary>
    public static string Printable(string text) =>
        text.Any(IsEscaped) ? string.Concat(text.Select(c => IsEscaped(c) ? $"\\u{(int)c:x4}" : c.ToString())) : text;

    /// <summary>Text from files, specs or the store as a table cell or markup line shows it: <see cref="Printable"/> (an escape
    /// sequence in a CSV value must not clear or recolour the screen), then Spectre's markup brackets escaped.</summary>
    public static string Escape(string text) => Markup.Escape(Printable(text));

    private static bool IsEscaped(char c) => c is not '\n' and not '\t' && NameRules.IsHidden(c);

    public void WriteJson<T>(T value) => Out.WriteLine(CliJson.Serialize(value));

    /// <summary>Runs long work with a status line that shows each step; plain lines when output is redirected.</summary>
    public async Task<T> WithProgressAsync<T>(bool quiet, Func<IProgress<string>, Task<T>> work)
    {
        if (quiet) return await work(new Progress<string>(_ => { }));
        if (!Ansi.Profile.Capabilities.Interactive)
            return await work(new SyncProgress(m => Err.WriteLine($"  {Printable(m)}")));
        return await Ansi.Status().StartAsync("Starting", async ctx =>
            await work(new SyncProgress(m => { ctx.Status(Markup.Escape(Printable(m))); Ansi.MarkupLine($"[grey]  {Markup.Escape(Printable(m))}[/]"); })));
    }

    // Progress<T> posts to the thread pool and can reorder or lose the last lines; this reports in order.
    private sealed class SyncProgress(Action<string> report) : IProgress<string>
    {
        public void Report(string value) => report(value);
    }
}
