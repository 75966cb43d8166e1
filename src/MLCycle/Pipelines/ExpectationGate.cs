using MLCycle.Data.Snapshots;
using MLCycle.Validation;

namespace MLCycle.Pipelines;

/// <summary>Checks the spec's data (the run's snapshot) against its expectation suite; a failure stops the run before anything is trained or written.</summary>
public static class ExpectationGate
{
    public static async Task CheckAsync(PipelineSpec spec, DataSnapshot snapshot, IProgress<string>? progress, CancellationToken ct)
    {
        if (spec.ExpectationsPath is null) return;
        progress?.Report($"Validating against {Path.GetFileName(spec.ExpectationsPath)}");
        var suite = ExpectationSuiteLoader.Load(spec.ExpectationsPath);
        var result = await new DataValidator().ValidateAsync(snapshot, suite, null, ct);
        if (result.Success) return;
        var failures = result.Results.Where(r => !r.Passed).Select(r =>
            $"  {r.Expectation}{(r.Column is null ? "" : $" on '{r.Column}'")}: expected {r.Expected}, observed {r.Observed}" +
            (r.Examples.Count > 0 ? $" (e.g. data row {r.Examples[0].Row})" : ""));
        throw new MLCycleException(ErrorKind.ValidationFailed,
            $"{spec.DataName} fails {result.Results.Count(r => !r.Passed)} expectation(s) of {spec.ExpectationsPath}; nothing was trained:\n{string.Join("\n", failures)}");
    }
}
