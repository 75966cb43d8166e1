using MLCycle.Data;
using MLCycle.Pipelines;
using MLCycle.Training;

namespace MLCycle.Tests.Pipelines;

public sealed class SpecLoaderTests
{
    private const string FullSpec = """
        name: churn
        data:
          path: telco_churn.csv
          target: churn
          task: binary
          ignore: [customer_id]
          sensitive: [female]
          types: { senior_citizen: categorical, tenure: numeric }
          positive_class: "Yes"
        prepare: { missing: most_frequent, duplicates: keep, scale: minmax }
        split: { test: 0.25, seed: 7, stratify: false }
        train: { algorithms: [lightgbm, linear], cv: 3, class_weight: Balanced }
        evaluate: { gates: ["auc >= 0.80", "beats_baseline"] }
        monitor: { psi: 0.1, performance: "auc >= 0.78" }
        """;

    private const string Minimal = """
        name: churn
        data:
          path: telco_churn.csv
          target: churn
        """;

    [Fact]
    public void Load_full_spec_reads_every_section()
    {
        using var folder = new SpecTempFolder();
        var file = folder.Write("mlcycle.yaml", FullSpec);

        var spec = SpecLoader.Load(file);

        Assert.Equal("churn", spec.Name);
        Assert.Equal(Path.Combine(folder.Path, "telco_churn.csv"), spec.Data.Path);
        Assert.Equal("churn", spec.Data.Target);
        Assert.Equal(TaskSetting.Binary, spec.Data.Task);
        Assert.Equal(["customer_id"], spec.Data.Ignore);
        Assert.Equal(["female"], spec.Data.Sensitive);
        Assert.Equal(ColumnKind.Categorical, spec.Data.Types["senior_citizen"]);
        Assert.Equal(ColumnKind.Numeric, spec.Data.Types["tenure"]);
        Assert.Equal("Yes", spec.Data.PositiveClass);
        Assert.Equal(new PrepareSpec { Missing = MissingSetting.MostFrequent, Duplicates = DuplicatesSetting.Keep, Scale = ScaleSetting.MinMax }, spec.Prepare);
        Assert.Equal(new SplitSpec { Test = 0.25, Seed = 7, Stratify = false }, spec.Split);
        Assert.Equal(["lightgbm", "linear"], spec.Train.Algorithms);
        Assert.Equal(3, spec.Train.Cv);
        Assert.Equal(ClassWeight.Balanced, spec.Train.ClassWeight);
        Assert.Equal(["auc >= 0.80", "beats_baseline"], spec.Evaluate.Gates);
        Assert.Equal(0.1, spec.Monitor.Psi);
        Assert.Equal("auc >= 0.78", spec.Monitor.Performance);
        Assert.Equal(file, spec.SpecPath);
        Assert.Equal(folder.Path, spec.SpecDirectory);
        Assert.Equal(FullSpec, spec.SourceText);
    }

    [Fact]
    public void Load_folder_reads_its_mlcycle_yaml()
    {
        using var folder = new SpecTempFolder();
        folder.Write("mlcycle.yaml", Minimal);

        Assert.Equal("churn", SpecLoader.Load(folder.Path).Name);
    }

    [Fact]
    public void Parse_minimal_spec_applies_defaults()
    {
        var spec = SpecLoader.Parse(Minimal, "/specs/mlcycle.yaml");

        Assert.Equal(Path.GetFullPath("/specs/telco_churn.csv"), spec.Data.Path);
        Assert.Equal(TaskSetting.Auto, spec.Data.Task);
        Assert.Empty(spec.Data.Ignore);
        Assert.Empty(spec.Data.Sensitive);
        Assert.Empty(spec.Data.Types);
        Assert.Null(spec.Data.PositiveClass);
        Assert.Equal(MissingSetting.Auto, spec.Prepare.Missing);
        Assert.Equal(DuplicatesSetting.Drop, spec.Prepare.Duplicates);
        Assert.Equal(ScaleSetting.Standard, spec.Prepare.Scale);
        Assert.Equal(0.2, spec.Split.Test);
        Assert.Equal(42, spec.Split.Seed);
        Assert.True(spec.Split.Stratify);
        Assert.Equal(["lightgbm", "fasttree", "linear", "baseline"], spec.Train.Algorithms);
        Assert.Equal(5, spec.Train.Cv);
        Assert.Equal(ClassWeight.None, spec.Train.ClassWeight);
        Assert.Empty(spec.Evaluate.Gates);
        Assert.Equal(0.2, spec.Monitor.Psi);
    }

    [Fact]
    public void Parse_partial_section_keeps_defaults_for_the_rest()
    {
        var spec = SpecLoader.Parse(Minimal + "\nsplit: { seed: 1 }\nprepare:\n  scale: none\n", "/specs/mlcycle.yaml");

        Assert.Equal(new SplitSpec { Test = 0.2, Seed = 1, Stratify = true }, spec.Split);
        Assert.Equal(new PrepareSpec { Scale = ScaleSetting.None }, spec.Prepare);
    }

    [Fact]
    public void Parse_absolute_data_path_and_url_are_kept()
    {
        var absolute = SpecLoader.Parse(Minimal.Replace("telco_churn.csv", "/data/x.csv"), "/specs/mlcycle.yaml");
        var url = SpecLoader.Parse(Minimal.Replace("telco_churn.csv", "https://example.org/x.csv"), "/specs/mlcycle.yaml");

        Assert.Equal(Path.GetFullPath("/data/x.csv"), absolute.Data.Path);
        Assert.Equal("https://example.org/x.csv", url.Data.Path);
    }

    [Fact]
    public void Parse_uppercase_choice_is_accepted()
    {
        var spec = SpecLoader.Parse(Minimal + "\n  task: Regression\n", "/specs/mlcycle.yaml");

        Assert.Equal(TaskSetting.Regression, spec.Data.Task);
    }
}
