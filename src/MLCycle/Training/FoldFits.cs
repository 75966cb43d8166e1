using System.Runtime.ExceptionServices;
using MLCycle.Training.Algorithms;

namespace MLCycle.Training;

/// <summary>Fits a learner on the folds' training rows (and the whole training part), two at a time, each failure named by its part.</summary>
internal static class FoldFits
{
    // Two fits at a time: each learner trains on one thread on a 2-core machine (LightGBM on half the cores elsewhere),
    // so two keep both cores busy. Fits are independent and seeded, so the results do not depend on the order they run in.
    private const int FitsAtOnce = 2;

    /// <summary>The fit on each fold's training rows, then (last, with <paramref name="withWhole"/>) the fit on the whole
    /// training part. Cancellation stops new fits from starting; no fit is interrupted.</summary>
    internal static IFittedModel[] FitParts(IAlgorithm algorithm, FitRequest fit, CvFold[] folds, bool withWhole, CancellationToken ct)
    {
        var parts = new (FitRequest Request, string Part)[folds.Length + (withWhole ? 1 : 0)];
        for (var k = 0; k < folds.Length; k++)
        {
            var foldRows = folds[k].Train;
            parts[k] = (fit with { Train = fit.Train.Take(foldRows), Weights = Pick(fit.Weights, foldRows), Encoded = Pick(fit.Encoded, foldRows), EarlyStopping = true },
                $"fold {k + 1} of {folds.Length}");
        }
        if (withWhole) parts[^1] = (fit, "the whole training part");
        var fitted = new IFittedModel[parts.Length];
        var failures = new Exception?[parts.Length];
        Parallel.For(0, parts.Length, new ParallelOptions { MaxDegreeOfParallelism = FitsAtOnce, CancellationToken = ct }, i =>
        {
            try
            {
                fitted[i] = Fit(algorithm, parts[i].Request, parts[i].Part);
            }
            catch (Exception e)
            {
                failures[i] = e;
            }
        });
        ct.ThrowIfCancellationRequested();
        // The first part that failed is reported, as it was when parts were fitted one after another.
        if (failures.FirstOrDefault(f => f is not null) is { } failure) ExceptionDispatchInfo.Capture(failure).Throw();
        return fitted;
    }

    /// <summary>The values at <paramref name="rows"/>, in their order; null stays null (no weights, no encoding).</summary>
    internal static T[]? Pick<T>(IReadOnlyList<T>? values, int[] rows) => values is null ? null : Array.ConvertAll(rows, r => values[r]);

    // ML.NET reports trouble (a fold without some class, a degenerate column) with its own exceptions; the user
    // gets the algorithm and the fold instead of a stack trace.
    internal static IFittedModel Fit(IAlgorithm algorithm, FitRequest request, string part)
    {
        try
        {
            return algorithm.Fit(request);
        }
        catch (Exception e) when (e is not (MLCycleException or OperationCanceledException or OutOfMemoryException))
        {
            throw new MLCycleException(ErrorKind.Failed, $"Algorithm '{algorithm.Name}' failed to train on {part} ({request.Train.RowCount} rows): {e.Message}", e);
        }
    }
}
