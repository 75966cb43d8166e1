using MLCycle.Pipelines;

namespace MLCycle.Tests.Pipelines;

public sealed class SpecLoaderErrorTests
{
    private const string File = "/specs/mlcycle.yaml";

    private const string Minimal = """
        name: churn
        data:
          path: telco_churn.csv
          target: churn
        """;

    private static MLCycleException Refused(string yaml)
    {
        var e = Assert.Throws<MLCycleException>(() => SpecLoader.Parse(yaml, File));
        Assert.Equal(ErrorKind.BadSpec, e.Kind);
        Assert.Contains(Path.GetFullPath(File), e.Message);
        return e;
    }

    [Fact]
    public void Load_missing_file_names_the_file()
    {
        var path = Path.Combine(Path.GetTempPath(), "mlcycle-no-such-" + Guid.NewGuid().ToString("N"), "mlcycle.yaml");

        var e = Assert.Throws<MLCycleException>(() => SpecLoader.Load(path));

        Assert.Equal(ErrorKind.BadSpec, e.Kind);
        Assert.Contains(path, e.Message);
        Assert.Contains("not found", e.Message);
    }

    [Theory]
    [InlineData("fifo")]
    [InlineData("/dev/zero")]
    [InlineData("empty")]
    public async Task Load_pipe_device_or_empty_file_is_refused_without_reading_it(string kind)
    {
        var folder = Directory.CreateTempSubdirectory("mlcycle-spec-");
        try
        {
            var path = Path.Combine(folder.FullName, "mlcycle.yaml");
            if (kind == "fifo") System.Diagnostics.Process.Start("mkfifo", path).WaitForExit();
            else if (kind == "empty") System.IO.File.WriteAllText(path, "");
            else System.IO.File.CreateSymbolicLink(path, kind);

            // A FIFO with no writer would block the read forever, /dev/zero fill the memory.
            var e = await Assert.ThrowsAsync<MLCycleException>(() => Task.Run(() => SpecLoader.Load(path)).WaitAsync(TimeSpan.FromSeconds(30)));

            Assert.Equal(ErrorKind.BadSpec, e.Kind);
            Assert.Contains(path, e.Message);
            Assert.Contains("empty (0 bytes) or is not a regular file", e.Message);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void Load_file_over_the_size_limit_is_refused_naming_its_size()
    {
        var path = Path.Combine(Path.GetTempPath(), "mlcycle-big-" + Guid.NewGuid().ToString("N") + ".yaml");
        try
        {
            System.IO.File.WriteAllText(path, Minimal + "\n# " + new string('x', 17 * 1024 * 1024) + "\n");

            var e = Assert.Throws<MLCycleException>(() => SpecLoader.Load(path));

            Assert.Equal(ErrorKind.BadSpec, e.Kind);
            Assert.Contains(path, e.Message);
            Assert.Contains("may be at most 16,777,216 bytes", e.Message);
        }
        finally
        {
            System.IO.File.Delete(path);
        }
    }

    [Fact]
    public void Parse_yaml_syntax_error_gives_line_and_column()
    {
        var e = Refused("name: churn\ndata:\n  path: [a.csv\n  target: churn\n");

        Assert.Contains("invalid YAML", e.Message);
        Assert.Matches(@"line \d+, column \d+", e.Message);
    }

    [Fact]
    public void Parse_bad_indentation_is_a_syntax_error()
    {
        var e = Refused("name: churn\ndata:\n  path: a.csv\n target: churn\n");

        Assert.Contains("invalid YAML", e.Message);
        Assert.Contains("line 4", e.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n# only a comment\n")]
    public void Parse_empty_document_is_refused(string yaml)
    {
        var e = Refused(yaml);

        Assert.Contains("empty", e.Message);
    }

    [Fact]
    public void Parse_top_level_list_is_refused()
    {
        var e = Refused("- name: churn\n");

        Assert.Contains("expected a mapping", e.Message);
    }

    [Fact]
    public void Parse_unknown_key_suggests_the_closest_known_key()
    {
        var e = Refused(Minimal + "\ntrain:\n  algoritms: [lightgbm]\n");

        Assert.Contains("'train.algoritms'", e.Message);
        Assert.Contains("line 6", e.Message);
        Assert.Contains("did you mean 'algorithms'?", e.Message);
    }

    [Fact]
    public void Parse_unknown_top_level_key_without_near_match_lists_the_known_keys()
    {
        var e = Refused(Minimal + "\nfrobnicate: 1\n");

        Assert.Contains("unknown key 'frobnicate'", e.Message);
        Assert.DoesNotContain("did you mean", e.Message);
        Assert.Contains("name, data, expectations, prepare, split, train, evaluate, monitor", e.Message);
    }

    [Fact]
    public void Parse_duplicate_key_is_refused()
    {
        var e = Refused(Minimal + "\nname: other\n");

        Assert.Contains("line 5", e.Message);
    }

    [Theory]
    [InlineData("train: { cv: five }", "'train.cv'", "expected an integer, found 'five'")]
    [InlineData("train: { cv: 2.5 }", "'train.cv'", "expected an integer, found '2.5'")]
    [InlineData("split: { test: lots }", "'split.test'", "expected a number, found 'lots'")]
    [InlineData("split: { stratify: maybe }", "'split.stratify'", "expected true or false, found 'maybe'")]
    [InlineData("split: { seed: [1] }", "'split.seed'", "expected a single value, found a list")]
    [InlineData("train: { algorithms: lightgbm }", "'train.algorithms'", "expected a list")]
    [InlineData("train: { algorithms: [lightgbm, [x]] }", "'train.algorithms[1]'", "expected a non-empty single value")]
    [InlineData("monitor: 0.2", "'monitor'", "expected a mapping")]
    [InlineData("train: { class_weight: heavy }", "'train.class_weight'", "expected one of none, balanced, found 'heavy'")]
    [InlineData("split: { group: customer_id, time: signup }", "'split.time'", "give either 'group' or 'time', not both")]
    [InlineData("train: { threshold: 2 }", "'train.threshold'", "expected f1, a probability between 0 and 1 (exclusive), or { cost: { fp: 1, fn: 5 } }; found 2")]
    [InlineData("train: { threshold: { cost: { fp: -1, fn: 5 } } }", "'train.threshold.cost.fp'", "Threshold costs must be finite, 0 or more and not both 0")]
    [InlineData("train: { threshold: { cost: { fp: 1 } } }", "'train.threshold.cost.fn'", "expected the cost of a false negative")]
    [InlineData("split: { group: \"id\\n\" }", "'split.group'", "is not a usable column name")]
    public void Parse_wrong_type_names_key_line_and_expectation(string section, string key, string expected)
    {
        var e = Refused(Minimal + "\n" + section + "\n");

        Assert.Contains(key, e.Message);
        Assert.Contains("line 5", e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Theory]
    [InlineData("split: { test: 0 }", "'split.test'")]
    [InlineData("split: { test: 1 }", "'split.test'")]
    [InlineData("split: { test: -0.2 }", "'split.test'")]
    [InlineData("split: { seed: -1 }", "'split.seed'")]
    [InlineData("train: { cv: 1 }", "'train.cv'")]
    [InlineData("train: { cv: 21 }", "'train.cv'")]
    [InlineData("train: { algorithms: [] }", "'train.algorithms'")]
    [InlineData("monitor: { psi: 0 }", "'monitor.psi'")]
    [InlineData("monitor: { psi: -0.1 }", "'monitor.psi'")]
    [InlineData("monitor: { performance: beats_baseline }", "'monitor.performance'")]
    public void Parse_value_out_of_range_is_refused(string section, string key)
    {
        var e = Refused(Minimal + "\n" + section + "\n");

        Assert.Contains(key, e.Message);
        Assert.Contains("line 5", e.Message);
        Assert.Contains("expected", e.Message);
    }

    [Theory]
    [InlineData("prepare: { scale: zscore }", "'prepare.scale'", "standard, minmax, none", "'zscore'")]
    [InlineData("prepare: { missing: zero }", "'prepare.missing'", "auto, drop, mean, median, most_frequent", "'zero'")]
    [InlineData("prepare: { duplicates: merge }", "'prepare.duplicates'", "drop, keep", "'merge'")]
    public void Parse_value_outside_allowed_set_lists_the_allowed_values(string section, string key, string allowed, string found)
    {
        var e = Refused(Minimal + "\n" + section + "\n");

        Assert.Contains(key, e.Message);
        Assert.Contains(allowed, e.Message);
        Assert.Contains(found, e.Message);
    }

    [Fact]
    public void Parse_unknown_task_lists_the_tasks()
    {
        var e = Refused(Minimal + "\n  task: ranking\n");

        Assert.Contains("'data.task'", e.Message);
        Assert.Contains("line 5", e.Message);
        Assert.Contains("auto, binary, multiclass, regression", e.Message);
    }

    [Fact]
    public void Parse_unknown_column_type_lists_the_kinds()
    {
        var e = Refused(Minimal + "\n  types: { tenure: integer }\n");

        Assert.Contains("'data.types.tenure'", e.Message);
        Assert.Contains("numeric, categorical, boolean, text, datetime", e.Message);
    }

    [Theory]
    [InlineData("data:\n  path: a.csv\n  target: y\n", "'name'")]
    [InlineData("name: churn\n", "'data'")]
    [InlineData("name: churn\ndata:\n  target: y\n", "'data.path'")]
    [InlineData("name: churn\ndata:\n  path: a.csv\n", "'data.target'")]
    [InlineData("name: churn\ndata:\n  path: a.csv\n  target:\n", "'data.target'")]
    public void Parse_missing_required_key_is_named(string yaml, string key)
    {
        var e = Refused(yaml);

        Assert.Contains("missing required key " + key, e.Message);
    }

    [Theory]
    [InlineData("my model")]
    [InlineData("../escape")]
    [InlineData("churn/v2")]
    [InlineData("..")]
    public void Parse_unsafe_name_is_refused(string name)
    {
        var e = Refused(Minimal.Replace("name: churn", $"name: \"{name}\""));

        Assert.Contains("'name'", e.Message);
        Assert.Contains("line 1", e.Message);
    }

    [Fact]
    public void Parse_ignored_target_is_refused()
    {
        var e = Refused(Minimal + "\n  ignore: [churn]\n");

        Assert.Contains("'data.ignore'", e.Message);
        Assert.Contains("target 'churn'", e.Message);
    }

    [Fact]
    public void Parse_two_documents_are_refused()
    {
        var e = Refused(Minimal + "\n---\nname: other\n");

        Assert.Contains("one YAML document", e.Message);
        Assert.Contains("line 6", e.Message);
    }

    [Fact]
    public void Load_error_names_the_file_that_was_read()
    {
        using var folder = new SpecTempFolder();
        var file = folder.Write("churn.yaml", Minimal + "\nsplit: { test: 2 }\n");

        var e = Assert.Throws<MLCycleException>(() => SpecLoader.Load(file));

        Assert.StartsWith(file + ": line 5, 'split.test'", e.Message);
    }

    [Fact]
    public void Parse_empty_quoted_target_is_refused()
    {
        var e = Refused(Minimal.Replace("target: churn", "target: \"\""));

        Assert.Contains("'data.target'", e.Message);
        Assert.Contains("empty", e.Message);
    }
}
