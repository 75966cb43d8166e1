using MLCycle.Data;

namespace MLCycle.Pipelines;

/// <summary>A pipeline as described by an <c>mlcycle.yaml</c> file: where the data is and how each stage runs.</summary>
public sealed record PipelineSpec
{
    /// <summary>The pipeline's name, also the registered model name; letters, digits, '_', '.', '-'.</summary>
    public required string Name { get; init; }
    public required DataSpec Data { get; init; }
    public PrepareSpec Prepare { get; init; } = new();
    public SplitSpec Split { get; init; } = new();
    public TrainSpec Train { get; init; } = new();
    public EvaluateSpec Evaluate { get; init; } = new();
    public MonitorSpec Monitor { get; init; } = new();
    /// <summary>When and how the agent retrains the model; null when the spec has no <c>retrain</c> section.</summary>
    public RetrainSpec? Retrain { get; init; }
    /// <summary>The sources combined into the data, paths resolved against the spec's folder; empty when <c>data.path</c> names it.</summary>
    public IReadOnlyList<SourceSpec> Sources { get; init; } = [];
    /// <summary>Expected group shares of sensitive columns, checked against the data (and optionally used to weight training); null when absent.</summary>
    public PopulationSpec? Population { get; init; }
    /// <summary>The <c>problem:</c> section (goal, users, constraints, metric, why) for the model card; null when absent.</summary>
    public Registry.ProblemStatement? Problem { get; init; }
    /// <summary>An expectation suite (absolute path) the data must pass before training; null when the spec names none.</summary>
    public string? ExpectationsPath { get; init; }
    /// <summary>Absolute path of the spec file.</summary>
    public required string SpecPath { get; init; }
    /// <summary>Absolute path of the folder holding the spec; relative paths in the spec are resolved against it.</summary>
    public required string SpecDirectory { get; init; }
    /// <summary>The YAML exactly as read, recorded with the run.</summary>
    public required string SourceText { get; init; }
    /// <summary>The line of every key path in the file ("data.target" -> 4), for errors found after parsing.</summary>
    public IReadOnlyDictionary<string, long> KeyLines { get; init; } = new Dictionary<string, long>();

    /// <summary>How messages name the data: its path, or the sources and how they are combined.</summary>
    public string DataName => Sources.Count == 0
        ? Data.Path
        : $"the {(Data.JoinOn is null ? "union" : $"join on '{Data.JoinOn}'")} of {string.Join(", ", Sources.Select(s => $"'{SourceAddress.Display(s.Path)}'"))}";

    /// <summary>Where a key sits, for messages: "FILE: line N, 'key'" (without the line when the key is absent).</summary>
    public string Where(string keyPath) =>
        KeyLines.TryGetValue(keyPath, out var line) ? $"{SpecPath}: line {line}, '{keyPath}'" : $"{SpecPath}: '{keyPath}'";

    /// <summary>This spec with another column limit for its data and every source (a command-line override of <c>data.max_columns</c>).</summary>
    public PipelineSpec WithMaxColumns(int maxColumns) => this with
    {
        Data = Data with { MaxColumns = maxColumns },
        Sources = [.. Sources.Select(s => s with { Options = (s.Options ?? new TableReadOptions()) with { MaxColumns = maxColumns } })],
    };
}
