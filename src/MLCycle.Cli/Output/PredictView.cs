using MLCycle.Serving;

namespace MLCycle.Cli.Output;

/// <summary>The outcome of batch scoring, with the first refused rows and why.</summary>
public static class PredictView
{
    public static void Write(CliConsole console, BatchScoringResult r)
    {
        console.Out.WriteLine($"Scored {r.ScoredRows:N0} of {r.Rows:N0} rows with {r.Model} v{r.Version} ({r.Algorithm}) in {r.Seconds:0.00}s -> {r.OutputPath}");
        foreach (var w in r.Warnings.Take(10)) console.Out.WriteLine($"warning: {w}");
        if (r.RejectedRows == 0) return;
        console.Error($"{r.RejectedRows:N0} row(s) failed validation; they are in the output with an 'error' column and no prediction:");
        foreach (var e in r.Errors.Take(20)) console.Err.WriteLine($"  row {e.Row}, column '{e.Field}': {e.Reason}");
    }
}
