using System.Globalization;
using MLCycle.Tracking;

namespace MLCycle.Monitoring;

/// <summary>
/// Drift checks kept as tracked runs, so a model card can say what monitoring actually found for a version: each
/// <c>mlcycle monitor</c> check becomes a finished run of the <see cref="Experiment"/> experiment, tagged with the model and
/// version, with one <c>psi.COLUMN</c> metric per compared column and the drifted columns as a tag. Using the tracking
/// store keeps both engines without a new table or migration.
/// </summary>
public static class DriftHistory
{
    public const string Experiment = "monitoring";
    public const string ModelTag = "monitor.model";
    public const string VersionTag = "monitor.version";
    public const string DriftedTag = "monitor.drifted";
    public const string SourceTag = "monitor.source";

    /// <summary>Records one drift check of <paramref name="report"/>'s version; returns the run id.</summary>
    public static async Task<string> RecordAsync(ITrackingStore tracking, MonitorReport report, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(tracking);
        ArgumentNullException.ThrowIfNull(report);
        var tags = new Dictionary<string, string>
        {
            [ModelTag] = report.Model,
            [VersionTag] = report.Version.ToString(CultureInfo.InvariantCulture),
            [DriftedTag] = string.Join(",", report.Drift.DriftedFeatures),
            [SourceTag] = report.Source,
        };
        var run = await tracking.CreateRunAsync(Experiment, $"drift of {report.Model} v{report.Version}", tags, ct);
        var now = DateTimeOffset.UtcNow;
        var metrics = report.Drift.Features.Where(f => double.IsFinite(f.Psi)).Select(f => new Metric($"psi.{f.Name}", f.Psi, 0, now))
            .Append(new Metric("rows", report.Rows, 0, now)).ToList();
        await tracking.LogBatchAsync(run.RunId, metrics, [], [], ct);
        await tracking.EndRunAsync(run.RunId, RunStatus.Finished, ct: ct);
        return run.RunId;
    }

    /// <summary>The recorded checks of one version, oldest first: when, and each drifted column with its PSI.</summary>
    public static async Task<IReadOnlyList<RecordedDriftCheck>> ReadAsync(ITrackingStore tracking, string model, int version, CancellationToken ct = default) =>
        (await ReadModelAsync(tracking, model, ct)).Where(c => c.Version == version).ToList();

    /// <summary>The recorded checks of every version of the model, oldest first, with their rows and worst PSI (the dashboard's
    /// monitoring page).</summary>
    public static async Task<IReadOnlyList<RecordedDriftCheck>> ReadModelAsync(ITrackingStore tracking, string model, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(tracking);
        var found = new List<RecordedDriftCheck>();
        string? token = null;
        do
        {
            Page<Run> page;
            try
            {
                page = await tracking.SearchRunsAsync(Experiment, 200, token, ct);
            }
            catch (NotFoundException)
            {
                // Monitoring has never recorded a check in this store.
                return [];
            }
            foreach (var run in page.Items.Where(r => r.Status == RunStatus.Finished && r.Tags.GetValueOrDefault(ModelTag) == model))
            {
                if (!int.TryParse(run.Tags.GetValueOrDefault(VersionTag), NumberStyles.None, CultureInfo.InvariantCulture, out var version)) continue;
                found.Add(CheckOf(run, version));
            }
            token = page.NextPageToken;
        }
        while (token is not null);
        return found.OrderBy(c => c.Time).ToList();
    }

    private static RecordedDriftCheck CheckOf(Run run, int version)
    {
        var drifted = (run.Tags.GetValueOrDefault(DriftedTag) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Select(c => (Column: c, Psi: run.Metrics.TryGetValue($"psi.{c}", out var m) ? m.Value : double.NaN)).ToList();
        var worst = run.Metrics.Where(m => m.Key.StartsWith("psi.", StringComparison.Ordinal) && double.IsFinite(m.Value.Value))
            .OrderByDescending(m => m.Value.Value).Select(m => ((string Column, double Psi)?)(m.Key["psi.".Length..], m.Value.Value)).FirstOrDefault();
        return new RecordedDriftCheck(run.StartTime, drifted)
        {
            RunId = run.RunId,
            Version = version,
            Rows = run.Metrics.TryGetValue("rows", out var rows) ? rows.Value : null,
            Worst = worst,
        };
    }
}
