using Cronos;

namespace MLCycle.Monitoring;

/// <summary>When monitoring runs on its own (<c>monitor.schedule</c>): a cron expression in UTC, five fields (minute hour day month weekday) or six with seconds first
/// ("*/30 * * * * *"), and the loop that waits for each occurrence and runs a tick. The CLI's `agent` and the server's `--agent` share
/// this loop, so a failed tick is handled the same way in both: reported, and the next tick runs as planned.</summary>
public sealed class MonitorSchedule
{
    private readonly CronExpression _cron;

    private MonitorSchedule(string text, CronExpression cron)
    {
        Text = text;
        _cron = cron;
    }

    public string Text { get; }

    /// <summary>Parses <paramref name="text"/>; a malformed expression throws <see cref="FormatException"/> with Cronos' reason.</summary>
    public static MonitorSchedule Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        var fields = trimmed.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        try
        {
            return new MonitorSchedule(trimmed, CronExpression.Parse(trimmed, fields == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard));
        }
        catch (CronFormatException e)
        {
            throw new FormatException(e.Message, e);
        }
    }

    /// <summary>The first occurrence strictly after <paramref name="utc"/>, or null when the expression never fires again.</summary>
    public DateTime? NextAfter(DateTime utc) => _cron.GetNextOccurrence(DateTime.SpecifyKind(utc, DateTimeKind.Utc));

    /// <summary>Runs <paramref name="tick"/> at every occurrence until <paramref name="ct"/> is cancelled. A tick that throws
    /// <see cref="MLCycleException"/> (a store briefly unreachable, a bad data file) is passed to <paramref name="failed"/> and the
    /// watch goes on; cancellation ends the loop quietly.</summary>
    public async Task RunAsync(Func<CancellationToken, Task> tick, Action<MLCycleException> failed, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(tick);
        ArgumentNullException.ThrowIfNull(failed);
        try
        {
            // The next occurrence is counted from the one just run when the clock is still before it: a timer may wake a few
            // milliseconds early, and counting from "now" then would find the same occurrence and tick twice in a row.
            var last = DateTime.MinValue;
            while (NextAfter(last > DateTime.UtcNow ? last : DateTime.UtcNow) is { } next)
            {
                var wait = next - DateTime.UtcNow;
                await Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.Zero, ct).ConfigureAwait(false);
                last = next;
                try
                {
                    await tick(ct).ConfigureAwait(false);
                }
                catch (MLCycleException e)
                {
                    failed(e);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }
}
