using MLCycle;            // Prediction, MLCycleException, ErrorKind
using MLCycle.Serving;    // ScoringModel

namespace MLCycle.Scoring.Tests;

// The README's "Score in your own app" snippet, verbatim from here down, so the test compiles and runs it.
/// <summary>Scores penguins with a model package in any .NET app, with the MLCycle.Scoring package alone.</summary>
public static class ScoringAppExample
{
    public static string? Species(string packageFolder)
    {
        // Checks every file's SHA-256 against the manifest; pass the registry's package hash as a second argument to check the
        // manifest too. A damaged package throws MLCycleException with Kind == ErrorKind.Tampered.
        using var model = ScoringModel.Load(packageFolder);

        var row = model.Score(new Dictionary<string, object?>
        {
            ["island"] = "Biscoe",
            ["bill_length_mm"] = 50.0,
            ["bill_depth_mm"] = 16.3,
            ["flipper_length_mm"] = 230,
            ["body_mass_g"] = 5700,
            ["sex"] = "male",
            ["year"] = "2007",
        });
        if (!row.IsValid) throw new ArgumentException(string.Join("; ", row.Errors.Select(e => $"{e.Field}: {e.Reason}")));
        foreach (var warning in row.Warnings) Console.Error.WriteLine(warning);   // unseen category, value outside training range
        return row.Label;   // row.Probabilities in model.Classes order; row.Value for regression; model.Threshold for binary
    }

    public static IReadOnlyList<Prediction?> Batch(string packageFolder, IReadOnlyList<IReadOnlyDictionary<string, object?>> rows)
    {
        using var model = ScoringModel.Load(packageFolder);
        var result = model.Score(rows);   // one prediction per row (null for a refused row), result.Errors name row and column
        return result.Predictions;
    }
}
