using System.CommandLine;
using MLCycle.Cli.Output;
using MLCycle.Monitoring;
using MLCycle.Profiling.Drift;
using MLCycle.Reports;

namespace MLCycle.Cli.Commands;

/// <summary>`mlcycle monitor --model NAME --data new.csv` (or `--logged`): drift against the training reference; exit 3 on drift.
/// `--performance [--window 1d] [--gate "auc >= 0.78"]`: metrics of logged predictions with outcomes; exit 3 when the gate breaks.</summary>
public static class MonitorCommand
{
    public static Command Create(CliConsole console)
    {
        var model = new Option<string>("--model") { Description = "NAME, NAME@alias or NAME:version.", Required = true };
        var data = new Option<string?>("--data") { Description = "New data (CSV or Parquet) to compare with the training data." };
        var logged = new Option<bool>("--logged") { Description = "Compare the requests logged by `mlcycle serve` instead." };
        var since = new Option<DateTimeOffset?>("--since") { Description = "With --logged: only requests from this time (ISO 8601)." };
        var psi = new Option<double?>("--psi") { Description = "PSI threshold per feature (default: the one the spec's monitor.psi wrote into the model's manifest, else 0.2)." };
        var minRows = new Option<int>("--min-rows")
        {
            Description = "The fewest values a column needs for a drift verdict; below it the column says 'too few rows'.",
            DefaultValueFactory = _ => DriftOptions.DefaultMinimumRows,
        };
        var scoreSample = new Option<int>("--score-sample")
        {
            Description = "With --data: score a fixed uniform sample of this many rows for prediction drift (feature drift counts every row); 0 scores every row.",
            DefaultValueFactory = _ => DriftCheck.DefaultScoreSample,
        };
        var performance = new Option<bool>("--performance") { Description = "Measure logged predictions against the outcomes sent back with `mlcycle feedback`." };
        var window = new Option<string?>("--window")
        {
            Description = "The width of each time window: 30m, 1h, 12h, 1d, 7d. With --performance the metrics per window (default 1d); with --data "
                + "(and --time-column) or --logged, drift per window as well.",
        };
        var timeColumn = new Option<string?>("--time-column") { Description = "With --data and --window: the column holding each row's time." };
        var html = new Option<string?>("--html") { Description = "Also write a monitoring report (drift per feature, and per window with --window) to this HTML file." };
        var gate = new Option<string?>("--gate") { Description = "With --performance: the gate to keep, e.g. \"auc >= 0.78\" (default: the spec's monitor.performance)." };
        var command = new Command("monitor", "Detect drift of new data, or of logged requests, against the model's training data; or measure performance on outcomes.")
        {
            model, data, logged, since, psi, minRows, scoreSample, performance, window, timeColumn, html, gate,
        };
        command.SetAction(async (parse, ct) =>
        {
            var file = parse.GetValue(data);
            var modes = (file is null ? 0 : 1) + (parse.GetValue(logged) ? 1 : 0) + (parse.GetValue(performance) ? 1 : 0);
            if (modes != 1)
                throw new MLCycleException(ErrorKind.BadSpec, "Give one of --data FILE, --logged or --performance.");
            if (parse.GetValue(timeColumn) is not null && (file is null || parse.GetValue(window) is null))
                throw new MLCycleException(ErrorKind.BadSpec, "--time-column goes with --data FILE and --window (logged requests are windowed by their arrival time).");
            if (file is not null && parse.GetValue(window) is not null && parse.GetValue(timeColumn) is null)
                throw new MLCycleException(ErrorKind.BadSpec, "--window on a file needs --time-column COL, the column holding each row's time.");
            if (parse.GetValue(scoreSample) < 0)
                throw new MLCycleException(ErrorKind.BadSpec, $"--score-sample must be 0 (every row) or more, found {parse.GetValue(scoreSample)}.");
            if (parse.GetValue(minRows) < 1)
                throw new MLCycleException(ErrorKind.BadSpec, $"--min-rows must be at least 1, found {parse.GetValue(minRows)}.");
            // Read before the store opens, so a bad --window is answered without touching it.
            var windowed = !parse.GetValue(performance) && parse.GetValue(window) is { } length
                ? new MonitorWindow(MonitorWindow.ParseLength(length), parse.GetValue(timeColumn))
                : null;
            await using var store = await RunsCommand.OpenAsync(parse, ct);
            if (parse.GetValue(performance))
            {
                var measured = await new PerformanceCheck(store.Registry, store.Predictions, store.Artifacts) { MinimumRows = parse.GetValue(minRows) }
                    .CheckAsync(parse.GetValue(model)!, parse.GetValue(window) ?? "1d", parse.GetValue(gate), parse.GetValue(since), ct);
                if (parse.GetValue(GlobalOptions.Json)) console.WriteJson(measured);
                else PerformanceView.Write(console, measured);
                // The same code as drift: the model no longer does in production what it was promoted for.
                return measured.Degraded ? ExitCodes.DriftFound : ExitCodes.Ok;
            }
            var check = new DriftCheck(store.Registry, store.Predictions, store.Artifacts) { MinimumRows = parse.GetValue(minRows), ScoreSample = parse.GetValue(scoreSample) };
            var report = file is not null
                ? await check.CheckFileAsync(parse.GetValue(model)!, file, windowed, parse.GetValue(psi), ct)
                : await check.CheckLoggedAsync(parse.GetValue(model)!, parse.GetValue(since), windowed, parse.GetValue(psi), ct);
            if (parse.GetValue(html) is { } page) await MonitorHtmlWriter.WriteAsync(report, page, ct);
            await DriftHistory.RecordAsync(store.Tracking, report, ct);
            if (parse.GetValue(GlobalOptions.Json)) console.WriteJson(report);
            else DriftView.Write(console, report);
            return report.Drift.AnyDrift ? ExitCodes.DriftFound : ExitCodes.Ok;
        });
        return command;
    }
}
