using MLCycle.Data;
using MLCycle.Registry;
using MLCycle.Yaml;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace MLCycle.Pipelines;

/// <summary>Reads and checks an <c>mlcycle.yaml</c> spec; every problem is an <see cref="MLCycleException"/> of kind <see cref="ErrorKind.BadSpec"/>.</summary>
public static class SpecLoader
{
    /// <summary>The file looked for when a folder is given instead of a file.</summary>
    public const string DefaultFileName = "mlcycle.yaml";

    private static readonly string[] TopKeys = ["name", "data", "expectations", "prepare", "split", "train", "evaluate", "monitor", "sources", "population", "problem", "retrain"];
    private static readonly string[] ProblemKeys = ["goal", "users", "constraints", "metric", "why"];
    private static readonly string[] DataKeys = ["path", "target", "task", "ignore", "sensitive", "types", "positive_class", "join_on", "max_columns"];
    private static readonly string[] PrepareKeys = ["missing", "duplicates", "scale", .. TreatmentSpecReader.Keys];
    private static readonly string[] SplitKeys = ["test", "seed", "stratify", "group", "time"];
    private static readonly string[] MonitorKeys = ["psi", "performance", "schedule", "alerts", "key"];

    private static readonly Dictionary<string, TaskSetting> Tasks = new()
    {
        ["auto"] = TaskSetting.Auto, ["binary"] = TaskSetting.Binary,
        ["multiclass"] = TaskSetting.Multiclass, ["regression"] = TaskSetting.Regression,
    };
    private static readonly Dictionary<string, MissingSetting> MissingWords = new()
    {
        ["auto"] = MissingSetting.Auto, ["drop"] = MissingSetting.Drop, ["mean"] = MissingSetting.Mean,
        ["median"] = MissingSetting.Median, ["most_frequent"] = MissingSetting.MostFrequent,
    };
    private static readonly Dictionary<string, DuplicatesSetting> DuplicateWords = new()
    {
        ["drop"] = DuplicatesSetting.Drop, ["keep"] = DuplicatesSetting.Keep,
    };
    private static readonly Dictionary<string, ScaleSetting> ScaleWords = new()
    {
        ["standard"] = ScaleSetting.Standard, ["minmax"] = ScaleSetting.MinMax, ["none"] = ScaleSetting.None,
    };
    private static readonly Dictionary<string, ColumnKind> KindWords = new()
    {
        ["numeric"] = ColumnKind.Numeric, ["categorical"] = ColumnKind.Categorical, ["boolean"] = ColumnKind.Boolean,
        ["text"] = ColumnKind.Text, ["datetime"] = ColumnKind.DateTime,
    };

    /// <summary>Reads the spec at <paramref name="path"/> (a file, or a folder holding <c>mlcycle.yaml</c>).</summary>
    public static PipelineSpec Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var full = Path.GetFullPath(path);
        if (Directory.Exists(full)) full = Path.Combine(full, DefaultFileName);
        if (!File.Exists(full)) throw new MLCycleException(ErrorKind.BadSpec, $"{full}: spec file not found.");
        string text;
        try
        {
            text = SpecFile.ReadText(full, "spec file");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new MLCycleException(ErrorKind.BadSpec, $"{full}: cannot read the spec file: {e.Message}", e);
        }
        return Parse(text, full);
    }

    /// <summary>Parses spec text as if read from <paramref name="specPath"/>, which anchors relative paths and names the file in errors.</summary>
    public static PipelineSpec Parse(string yaml, string specPath)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        ArgumentNullException.ThrowIfNull(specPath);
        var file = Path.GetFullPath(specPath);
        var directory = Path.GetDirectoryName(file) ?? Directory.GetCurrentDirectory();
        var root = ReadRoot(yaml, file);

        root.RejectUnknownKeys(TopKeys);
        var name = root.RequiredText("name");
        if (!NameRules.IsModelName(name))
            throw root.Invalid("name", $"expected a model name of 1 to 128 letters, digits, '_', '.' or '-', starting with a letter or digit; found '{NameRules.Show(name)}'.");

        var sources = SpecSourcesReader.Read(root, directory);
        var data = ReadData(root.RequiredSection("data"), directory, sources);
        var spec = new PipelineSpec
        {
            Name = name,
            Data = data,
            Sources = sources,
            Population = SpecPopulationReader.Read(root.Section("population"), data.Sensitive),
            Prepare = ReadPrepare(root.Section("prepare")),
            Split = ReadSplit(root.Section("split")),
            Train = TrainSpecReader.Read(root.Section("train")),
            Evaluate = EvaluateSpecReader.Read(root.Section("evaluate"), directory),
            Monitor = ReadMonitor(root.Section("monitor")),
            Problem = ReadProblem(root.Section("problem")),
            Retrain = ReadRetrain(root, data),
            ExpectationsPath = root.Text("expectations") is { } suite ? Path.GetFullPath(Path.Combine(directory, suite.Trim())) : null,
            SpecPath = file,
            SpecDirectory = directory,
            SourceText = yaml,
            KeyLines = KeyLines(root.Node, ""),
        };
        return data.MaxColumns == TableReadOptions.DefaultMaxColumns ? spec : spec.WithMaxColumns(data.MaxColumns);
    }

    private static Dictionary<string, long> KeyLines(YamlMappingNode node, string prefix)
    {
        var lines = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (key, value) in node.Children)
        {
            if (key is not YamlScalarNode { Value: { } name }) continue;
            var path = prefix.Length == 0 ? name : $"{prefix}.{name}";
            lines[path] = key.Start.Line;
            if (value is YamlMappingNode child)
                foreach (var (k, v) in KeyLines(child, path)) lines[k] = v;
        }
        return lines;
    }

    private static SpecMapping ReadRoot(string yaml, string file)
    {
        var node = SpecYamlDocument.Load(yaml, file)
            ?? throw new MLCycleException(ErrorKind.BadSpec, $"{file}: the spec is empty; it needs at least 'name', 'data.path' and 'data.target'.");
        if (node is not YamlMappingNode mapping)
            throw new MLCycleException(ErrorKind.BadSpec, $"{file}: line {node.Start.Line}: expected a mapping of keys such as 'name:' and 'data:' at the top level.");
        return new SpecMapping(mapping, file, "");
    }

    private static DataSpec ReadData(SpecMapping data, string directory, IReadOnlyList<SourceSpec> sources)
    {
        data.RejectUnknownKeys(DataKeys);
        var path = DataPath(data, directory, sources);
        var target = data.ColumnName("target", data.RequiredText("target"));
        var ignore = data.ColumnNames("ignore");
        if (ignore.Contains(target))
            throw data.Invalid("ignore", $"the target '{target}' cannot be ignored.");
        return new DataSpec
        {
            Path = path,
            Target = target,
            Task = data.Choice("task", Tasks) ?? TaskSetting.Auto,
            Ignore = ignore,
            Sensitive = data.ColumnNames("sensitive"),
            Types = ReadTypes(data.Section("types")),
            PositiveClass = data.Text("positive_class"),
            JoinOn = JoinKey(data, sources),
            MaxColumns = MaxColumns(data),
        };
    }

    private static int MaxColumns(SpecMapping data)
    {
        var max = data.Integer("max_columns") ?? TableReadOptions.DefaultMaxColumns;
        if (max < 1) throw data.Invalid("max_columns", $"expected a number of columns of 1 or more, found {max}.");
        return max;
    }

    /// <summary>The data file, or "" when the spec lists <c>sources</c> instead: exactly one of the two must be given.</summary>
    private static string DataPath(SpecMapping data, string directory, IReadOnlyList<SourceSpec> sources)
    {
        var path = data.Text("path")?.Trim();
        if (path is not null && sources.Count > 0)
            throw data.Invalid("path", "give either 'data.path' or a 'sources' list, not both.");
        if (sources.Count > 0) return "";
        if (path is null) throw data.Invalid("path", "missing required key 'data.path' (a value); or list the data under 'sources'.");
        if (path.Length == 0) throw data.Invalid("path", "expected a value, found an empty string.");
        // URLs are read as they are; anything else is a file relative to the spec.
        return path.Contains("://", StringComparison.Ordinal) || SourceAddress.IsAddress(path) ? path : Path.GetFullPath(Path.Combine(directory, path));
    }

    private static string? JoinKey(SpecMapping data, IReadOnlyList<SourceSpec> sources)
    {
        if (data.Text("join_on") is not { } key) return null;
        if (key.Trim().Length > 0) data.ColumnName("join_on", key);
        if (key.Trim().Length == 0) throw data.Invalid("join_on", "expected a key column name, found an empty string.");
        if (sources.Count < 2) throw data.Invalid("join_on", $"joining needs at least two entries under 'sources', found {sources.Count}.");
        return key;
    }

    private static Dictionary<string, ColumnKind> ReadTypes(SpecMapping? types)
    {
        var kinds = new Dictionary<string, ColumnKind>(StringComparer.Ordinal);
        if (types is null) return kinds;
        foreach (var column in types.Keys.ToList())
            kinds[types.ColumnName(column, column)] = types.Choice(column, KindWords) ?? throw types.Invalid(column, $"expected one of {string.Join(", ", KindWords.Keys)}, found nothing.");
        return kinds;
    }

    private static PrepareSpec ReadPrepare(SpecMapping? prepare)
    {
        var defaults = new PrepareSpec();
        if (prepare is null) return defaults;
        prepare.RejectUnknownKeys(PrepareKeys);
        return new PrepareSpec
        {
            Missing = prepare.Choice("missing", MissingWords) ?? defaults.Missing,
            Duplicates = prepare.Choice("duplicates", DuplicateWords) ?? defaults.Duplicates,
            Scale = prepare.Choice("scale", ScaleWords) ?? defaults.Scale,
            Treatments = TreatmentSpecReader.Read(prepare),
        };
    }

    private static SplitSpec ReadSplit(SpecMapping? split)
    {
        var defaults = new SplitSpec();
        if (split is null) return defaults;
        split.RejectUnknownKeys(SplitKeys);
        var test = split.Number("test") ?? defaults.Test;
        if (test is <= 0 or >= 1) throw split.Invalid("test", $"expected a share between 0 and 1 (exclusive), such as 0.2; found {test}.");
        var seed = split.Integer("seed") ?? defaults.Seed;
        if (seed < 0) throw split.Invalid("seed", $"expected an integer of 0 or more, found {seed}.");
        var group = split.Text("group") is { } g ? split.ColumnName("group", g) : null;
        var time = split.Text("time") is { } t ? split.ColumnName("time", t) : null;
        if (group is not null && time is not null)
            throw split.Invalid("time", "give either 'group' or 'time', not both: a split keeps groups apart or follows time.");
        return new SplitSpec { Test = test, Seed = seed, Stratify = split.Boolean("stratify") ?? defaults.Stratify, Group = group, Time = time };
    }

    // Free text for people, kept with the version for its model card; a misspelt key is refused like any other.
    private static ProblemStatement? ReadProblem(SpecMapping? problem)
    {
        if (problem is null) return null;
        problem.RejectUnknownKeys(ProblemKeys);
        var constraints = problem.ValueNode("constraints") is YamlSequenceNode ? problem.List("constraints") ?? [] : problem.Text("constraints") is { } one ? [one.Trim()] : [];
        return new ProblemStatement
        {
            Goal = problem.Text("goal")?.Trim(),
            Users = problem.Text("users")?.Trim(),
            Constraints = constraints.Select(c => c.Trim()).ToList(),
            Metric = problem.Text("metric")?.Trim(),
            Why = problem.Text("why")?.Trim(),
        };
    }

    private static MonitorSpec ReadMonitor(SpecMapping? monitor)
    {
        var defaults = new MonitorSpec();
        if (monitor is null) return defaults;
        monitor.RejectUnknownKeys(MonitorKeys);
        var psi = monitor.Number("psi") ?? defaults.Psi;
        if (psi <= 0) throw monitor.Invalid("psi", $"expected a PSI threshold above 0, such as 0.2; found {psi}.");
        var performance = monitor.Text("performance")?.Trim();
        if (performance is not null)
        {
            try
            {
                Monitoring.PerformanceCheck.ParseGate(performance);
            }
            catch (MLCycleException e)
            {
                throw monitor.Invalid("performance", e.Message);
            }
        }
        var key = monitor.Text("key")?.Trim();
        if (key is not null && (key.Length == 0 || key.Length > 128 || key.Any(char.IsControl)))
            throw monitor.Invalid("key", $"expected the name of the request field that identifies a row (such as customerID), at most 128 characters; found '{NameRules.Show(key)}'.");
        return new MonitorSpec
        {
            Psi = psi, Performance = performance, Schedule = AgentSpecReader.ReadSchedule(monitor), Alerts = AgentSpecReader.ReadAlerts(monitor), Key = key,
        };
    }

    private static RetrainSpec? ReadRetrain(SpecMapping root, DataSpec data)
    {
        var section = root.Section("retrain");
        var retrain = AgentSpecReader.ReadRetrain(section);
        if (retrain is null || section is null) return retrain;
        if (retrain.On.Contains(RetrainTrigger.Schedule) && root.Section("monitor")?.Text("schedule") is null)
            throw section.Invalid("on", "'schedule' retrains on every tick of 'monitor.schedule', which the spec does not give.");
        // Labelled rows are appended as rows; a join would need their key in every source.
        if (retrain.Data == RetrainData.Outcomes && data.JoinOn is { } key)
            throw section.Invalid("data", $"'outcomes' appends the logged rows with outcomes, which a join on '{key}' cannot take; give 'data: sources'.");
        return retrain;
    }
}
