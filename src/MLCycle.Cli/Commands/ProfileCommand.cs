using System.CommandLine;
using MLCycle.Cli.Output;
using MLCycle.Data;
using MLCycle.Profiling;
using MLCycle.Reports;

namespace MLCycle.Cli.Commands;

/// <summary>`mlcycle profile DATA [--target y] [--sensitive a,b] [--html report.html] [--memory-limit 1GB] [--max-columns N]`: profile a file, list its issues and check it for bias.</summary>
public static class ProfileCommand
{
    public static Command Create(CliConsole console)
    {
        var data = new Argument<string>("DATA") { Description = "CSV or Parquet file to profile." };
        var target = new Option<string?>("--target") { Description = "The column to predict: adds class balance, leakage checks and target rates per group." };
        var sensitive = new Option<string[]>("--sensitive")
        {
            Description = "Sensitive columns, comma-separated (e.g. sex,race): runs a bias check and keeps their values out of issue examples.",
            AllowMultipleArgumentsPerToken = true,
        };
        var positive = new Option<string?>("--positive-class") { Description = "The target value counted as positive in the bias check's target rates." };
        var html = new Option<string?>("--html") { Description = "Write a self-contained HTML profile to this file." };
        var memoryLimit = new Option<string?>("--memory-limit")
        {
            Description = "The most memory DuckDB may use (e.g. 1GB or 512MB); beyond it DuckDB spills to the temp folder, so files larger than memory can be profiled.",
        };
        memoryLimit.Validators.Add(result =>
        {
            var text = result.GetValueOrDefault<string?>();
            if (text is not null && !TableReadOptions.IsMemorySize(text))
                result.AddError($"--memory-limit '{text}' is not a size; expected a positive number and a unit, e.g. 512MB or 1GB.");
        });
        var maxColumns = MaxColumnsOption.Create();
        var command = new Command("profile", "Profile a data file: column statistics, data issues, correlations and, with --sensitive, a bias check.")
        {
            data, target, sensitive, positive, html, memoryLimit, maxColumns,
        };
        command.SetAction(async (parse, ct) =>
        {
            var json = parse.GetValue(GlobalOptions.Json);
            var path = parse.GetValue(data)!;
            var targetName = parse.GetValue(target);
            var sensitiveNames = (parse.GetValue(sensitive) ?? [])
                .SelectMany(s => s.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
            var read = new TableReadOptions
            {
                MemoryLimit = parse.GetValue(memoryLimit),
                MaxColumns = parse.GetValue(maxColumns) ?? TableReadOptions.DefaultMaxColumns,
            };
            var notes = new List<string>();
            var (profile, bias, threshold) = await console.WithProgressAsync(json, async progress =>
            {
                // The profiler checks the target and sensitive names as soon as it has read the header.
                progress.Report($"Profiling {path} and looking for issues");
                var profile = await new DatasetProfiler().ProfileAsync(path, read,
                    new ProfileOptions
                    {
                        Target = targetName,
                        Sensitive = sensitiveNames,
                        Progress = progress,
                        // Only the HTML profile shows the fingerprint; hashing the file costs the scan a core for a while.
                        Fingerprint = parse.GetValue(html) is not null,
                    }, ct);
                if (sensitiveNames.Count == 0) return (profile, (BiasReport?)null, new BiasOptions().UnderRepresentedShare);
                progress.Report($"Checking bias over {string.Join(", ", sensitiveNames)}");
                var options = BiasSetup(profile, targetName, sensitiveNames, parse.GetValue(positive), notes);
                return (profile, await new BiasChecker().CheckAsync(path, options, read, ct), options.UnderRepresentedShare);
            });
            var report = DataReport.Create(profile, bias);
            if (parse.GetValue(html) is { } htmlPath)
            {
                await ProfileHtmlWriter.WriteAsync(new ProfileReport
                {
                    Title = $"Data profile: {Path.GetFileName(path)}",
                    Source = Path.GetFullPath(path),
                    Profile = profile,
                    Bias = bias,
                    UnderRepresentedShare = threshold,
                }, htmlPath, ct);
                notes.Add($"HTML profile written to {htmlPath}");
            }
            if (json)
            {
                console.WriteJson(report);
                foreach (var note in notes) console.Err.WriteLine(note);
            }
            else ProfileView.Write(console, path, profile, report, notes);
            return ExitCodes.Ok;
        });
        return command;
    }

    // Checked against the header before the long profiling pass, so a typo fails in a moment and names what exists.
    // A text target needs a positive class for rates per group; with two classes the rarer one is the usual positive.
    private static BiasOptions BiasSetup(DatasetProfile profile, string? target, List<string> sensitive, string? positive, List<string> notes)
    {
        var options = new BiasOptions { Sensitive = sensitive, Target = target, PositiveClass = positive };
        if (target is null || positive is not null || profile.Find(target) is not { } column || TableColumn.StoresNumbers(column.Kind)) return options;
        if (column.TopValues.Count == 2)
        {
            var rarer = column.TopValues.MinBy(v => v.Count)!.Value;
            notes.Add($"Target rates count '{target}' = '{rarer}' (the rarer class) as positive; choose another with --positive-class.");
            return options with { PositiveClass = rarer };
        }
        notes.Add($"'{target}' has {column.Distinct} classes; name one with --positive-class to compare target rates across groups.");
        return options with { Target = null };
    }
}
