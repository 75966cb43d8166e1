using MLCycle.Data;
using MLCycle.Data.Snapshots;
using MLCycle.Evaluation;
using MLCycle.Training;

namespace MLCycle.Pipelines;

/// <summary>
/// Reads the spec's data and checks the spec against it (columns named, target usable, gates known) so that a wrong
/// spec fails as a bad spec before the store is opened or anything is written.
/// </summary>
public static class PipelinePreflight
{
    /// <summary>
    /// Reads and checks the spec's data; when the spec lists sources they are combined first into a temporary file that
    /// the result owns, so dispose it after the run.
    /// </summary>
    public static async Task<PreparedInput> CheckAsync(PipelineSpec spec, IProgress<string>? progress = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Sources.Count == 0) return await CheckDataAsync(spec, null, progress, ct);
        progress?.Report($"Combining {spec.Sources.Count} source(s)");
        var sources = await CombinedSources.CreateAsync(spec, ct);
        try
        {
            return await CheckDataAsync(spec with { Data = spec.Data with { Path = sources.Path } }, sources, progress, ct);
        }
        catch (MLCycleException e) when (e.Message.Contains(sources.Path, StringComparison.Ordinal))
        {
            sources.Dispose();
            // The temporary file means nothing to the user; the sources they listed do.
            throw new MLCycleException(e.Kind, e.Message.Replace($"'{sources.Path}'", spec.DataName, StringComparison.Ordinal).Replace(sources.Path, spec.DataName, StringComparison.Ordinal), e);
        }
        catch
        {
            sources.Dispose();
            throw;
        }
    }

    private static async Task<PreparedInput> CheckDataAsync(PipelineSpec spec, CombinedSources? sources, IProgress<string>? progress, CancellationToken ct)
    {
        progress?.Report(sources is null ? $"Reading {Path.GetFileName(spec.Data.Path)}" : "Reading the combined sources");
        var options = new TableReadOptions { Types = spec.Data.Types, MaxColumns = spec.Data.MaxColumns };
        // One read: the spec's kinds, and the target and population columns as written, are applied while reading.
        var snapshot = await SnapshotReader.ReadAsync(spec.Data.Path, options, schema => TargetAsWritten(spec, schema), ct);
        SpecColumnCheck.Verify(spec, snapshot.Schema);
        TreatmentSpecCheck.Verify(spec, snapshot.Schema);
        await ExpectationGate.CheckAsync(spec, snapshot, progress, ct);

        var table = snapshot.Table;
        var task = SpecTask.Resolve(spec, table[spec.Data.Target]);
        table = SpecTask.WithTargetFor(task, table, spec);
        var gates = spec.Evaluate.Gates.Select(QualityGate.Parse).ToList();
        GateCheck.Verify(spec, gates, task);
        if (spec.Population is not null) progress?.Report("Checking the data against the expected population");
        var population = await PopulationCheck.CheckAsync(spec, task, snapshot, ct);
        options = options with { Types = snapshot.Schema.ToDictionary(c => c.Name, c => c.Kind, StringComparer.Ordinal) };
        return new PreparedInput(spec, table, task, gates, options) { Sources = sources, Population = population, Snapshot = snapshot };
    }

    /// <summary>
    /// A target the sniffer typed as BOOLEAN ("Yes"/"No") or that the spec declares a classification is read as the
    /// text in the file, so predicted labels keep the spelling users know; so are BOOLEAN columns with expected
    /// population shares, whose groups the spec names as the file spells them.
    /// </summary>
    private static Dictionary<string, ColumnKind> TargetAsWritten(PipelineSpec spec, IReadOnlyList<ColumnInfo> schema)
    {
        var types = new Dictionary<string, ColumnKind>(spec.Data.Types, StringComparer.Ordinal);
        // Columns the data lacks are left to SpecColumnCheck, which names them after the read.
        foreach (var column in spec.Population?.Shares.Keys ?? [])
            if (!types.ContainsKey(column) && schema.FirstOrDefault(c => c.Name == column)?.Kind == ColumnKind.Boolean)
                types[column] = ColumnKind.Categorical;
        if (types.ContainsKey(spec.Data.Target) || schema.FirstOrDefault(c => c.Name == spec.Data.Target) is not { } target) return types;
        var kind = target.Kind;
        var classification = spec.Data.Task is TaskSetting.Binary or TaskSetting.Multiclass;
        if (kind == ColumnKind.Boolean || (classification && kind != ColumnKind.Categorical))
            types[spec.Data.Target] = ColumnKind.Categorical;
        return types;
    }
}
