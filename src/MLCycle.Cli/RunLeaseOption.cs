using System.CommandLine;
using MLCycle.Server;

namespace MLCycle.Cli;

/// <summary>`--run-lease 10m`: how long a run started through the API stays Running without a heartbeat from its client before the
/// server ends it Killed (ADR 0055). Seconds, minutes or hours: 90s, 10m, 2h.</summary>
public static class RunLeaseOption
{
    public static Option<string?> Create()
    {
        var option = new Option<string?>("--run-lease")
        {
            Description = $"End a run started through the API as Killed when its client sent no heartbeat for this long (90s, 10m, 2h; default {(int)ServerOptions.DefaultRunLease.TotalMinutes}m).",
        };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is { } text && Parse(text) is null)
            {
                result.AddError($"--run-lease expects a whole number of seconds, minutes or hours of at least 1 s (90s, 10m, 2h); found '{text}'.");
            }
        });
        return option;
    }

    /// <summary>The lease <paramref name="text"/> names, or null when it names none.</summary>
    public static TimeSpan? Parse(string text) => DurationText.Parse(text, "smh", max: 1_000_000);
}
