using MLCycle.Pipelines;

namespace MLCycle.Tests.Pipelines;

public sealed class SpecProblemKeyTests
{
    private const string File = "/specs/mlcycle.yaml";

    private const string Minimal = """
        name: churn
        data:
          path: telco_churn.csv
          target: churn

        """;

    [Fact]
    public void Parse_problemSection_readsEveryKey()
    {
        var spec = SpecLoader.Parse(Minimal + """
            problem:
              goal: Call likely churners first.
              users: Retention team
              constraints: Weekly batch only
              metric: ROC-AUC
              why: They call from the top of a ranking.
            """, File);

        var problem = spec.Problem!;
        Assert.Equal(("Call likely churners first.", "Retention team", "ROC-AUC", "They call from the top of a ranking."), (problem.Goal, problem.Users, problem.Metric, problem.Why));
        Assert.Equal(["Weekly batch only"], problem.Constraints);
    }

    [Fact]
    public void Parse_noProblemSection_leavesItNull() => Assert.Null(SpecLoader.Parse(Minimal, File).Problem);

    [Fact]
    public void Parse_unknownProblemKey_isRefusedWithItsLineAndAHint()
    {
        var e = Assert.Throws<MLCycleException>(() => SpecLoader.Parse(Minimal + "problem:\n  goal: x\n  user: y\n", File));

        Assert.Equal(ErrorKind.BadSpec, e.Kind);
        Assert.Contains("line 7", e.Message);
        Assert.Contains("unknown key 'user'", e.Message);
        Assert.Contains("did you mean 'users'?", e.Message);
    }

    [Fact]
    public void Parse_promoteIf_readsSignificantAndRefusesOtherWords()
    {
        Assert.True(SpecLoader.Parse(Minimal + "evaluate:\n  promote_if: significant\n", File).Evaluate.PromoteIfSignificant);
        Assert.False(SpecLoader.Parse(Minimal + "evaluate:\n  promote_if: better\n", File).Evaluate.PromoteIfSignificant);

        var e = Assert.Throws<MLCycleException>(() => SpecLoader.Parse(Minimal + "evaluate:\n  promote_if: always\n", File));

        Assert.Contains("line 6", e.Message);
        Assert.Contains("expected one of better, significant, found 'always'", e.Message);
    }
}
