using System.Globalization;
using MLCycle.Data;
using MLCycle.Preparation;
using MLCycle.Preparation.Treatments;

namespace MLCycle.Training;

/// <summary>The rows a training run learns from: those with a target, split into train and test, less the rows removed for missing
/// values or as outliers.</summary>
internal static class TrainingRows
{
    /// <summary>The rows that have a target, their weights and labels, and the class order.</summary>
    internal sealed record Labelled(Table Data, float[]? Weights, string[]? Labels, IReadOnlyList<string> Classes, int RowsWithoutTarget, bool Stratify, RowSplit? SplitBy)
    {
        /// <summary>Where each labelled row sits in the request's data.</summary>
        public required int[] Rows { get; init; }
    }

    /// <summary>Training rows that survived the missing-value and outlier removal, with the bounds they were removed by.</summary>
    internal sealed record KeptRows(Table Rows, float[]? Weights, FittedTreatments Removal, int Dropped, int Outliers, RowSplit? SplitBy)
    {
        /// <summary>Where each kept training row sits in the request's data.</summary>
        public required int[] Origin { get; init; }
    }

    internal static Labelled LabelledRows(TrainingRequest request, IProgress<string>? progress)
    {
        var weights = CheckWeights(request);
        var target = request.Data[request.Target];
        var labelled = Enumerable.Range(0, target.Length).Where(r => !target.IsMissing(r)).ToArray();
        var data = labelled.Length == target.Length ? request.Data : request.Data.Take(labelled);
        if (labelled.Length != target.Length) weights = FoldFits.Pick(weights, labelled);
        var rowsWithoutTarget = target.Length - labelled.Length;
        if (rowsWithoutTarget > 0) progress?.Report($"{rowsWithoutTarget} row(s) without a value for '{request.Target}' left out");

        target = data[request.Target];
        var labels = request.Task == TaskKind.Regression ? null : Enumerable.Range(0, data.RowCount).Select(r => target.Format(r)!).ToArray();
        var classes = labels is null ? [] : Classes(request, labels);
        var splitBy = request.SplitBy is { } split && labelled.Length != target.Length ? split.Pick(labelled) : request.SplitBy;
        // Groups and times decide the split themselves; stratifying by class as well is not possible.
        return new Labelled(data, weights, labels, classes, rowsWithoutTarget, request.Stratify && labels is not null && splitBy is null, splitBy) { Rows = labelled };
    }

    internal static ((Table Rows, float[]? Weights, RowSplit? SplitBy, int[] Origin) Train, Table Test, string? Described, int[] TestRows) Split(TrainingRequest request, Labelled labelled)
    {
        var (trainRows, testRows) = labelled.SplitBy?.Split(request.TestFraction, request.Seed)
            ?? DataSplitter.Split(labelled.Data.RowCount, request.TestFraction, request.Seed, labelled.Stratify ? labelled.Labels : null);
        return ((labelled.Data.Take(trainRows), FoldFits.Pick(labelled.Weights, trainRows), labelled.SplitBy?.Pick(trainRows), Array.ConvertAll(trainRows, r => labelled.Rows[r])), labelled.Data.Take(testRows),
            labelled.SplitBy?.Describe(trainRows, testRows), Array.ConvertAll(testRows, r => labelled.Rows[r]));
    }

    internal static KeptRows RemoveRows(TrainingRequest request, (Table Rows, float[]? Weights, RowSplit? SplitBy, int[] Origin) train, IProgress<string>? progress)
    {
        var (rows, weights, splitBy, origin) = train;
        var dropped = 0;
        var removal = TreatmentFitter.Fit(rows, request.Target, request.Prepare.Treatments);
        if (request.Prepare.Missing == MissingStrategy.Drop)
        {
            // Sentinels count as missing here, as they will inside the model.
            var complete = Enumerable.Range(0, rows.RowCount).Where(r => rows.Columns.All(c => !removal.IsMissing(c, r))).ToArray();
            dropped = rows.RowCount - complete.Length;
            if (complete.Length == 0) throw new MLCycleException(ErrorKind.BadData, "Every training row has a missing value; the 'drop' missing-value strategy leaves nothing to train on.");
            rows = rows.Take(complete);
            weights = FoldFits.Pick(weights, complete);
            splitBy = splitBy?.Pick(complete);
            origin = FoldFits.Pick(origin, complete)!;
            if (dropped > 0) progress?.Report($"{dropped} training row(s) with missing values dropped");
        }
        if (dropped > 0) removal = TreatmentFitter.Fit(rows, request.Target, request.Prepare.Treatments);
        var kept = OutlierRemover.Kept(rows, removal);
        var outliers = rows.RowCount - kept.Length;
        if (outliers > 0)
        {
            rows = rows.Take(kept);
            weights = FoldFits.Pick(weights, kept);
            splitBy = splitBy?.Pick(kept);
            origin = FoldFits.Pick(origin, kept)!;
        }
        if (rows.RowCount == 0) throw new MLCycleException(ErrorKind.BadData, "Every training row is outside the outlier bounds of a column with 'remove'; nothing is left to train on.");
        if (outliers > 0) progress?.Report($"{outliers} training row(s) outside the outlier bounds removed");
        return new KeptRows(rows, weights, removal, dropped, outliers, splitBy) { Origin = origin };
    }

    internal static float[]? CheckWeights(TrainingRequest request)
    {
        if (request.Weights is not { } weights) return null;
        if (weights.Count != request.Data.RowCount)
            throw new ArgumentException($"Expected one weight per row ({request.Data.RowCount}), found {weights.Count}.", nameof(request));
        var bad = Enumerable.Range(0, weights.Count).FirstOrDefault(i => !(double.IsFinite(weights[i]) && weights[i] >= 0), -1);
        if (bad >= 0) throw new ArgumentException($"Sample weights must be finite and 0 or more; row {bad} has {weights[bad]}.", nameof(request));
        return weights.Select(w => (float)w).ToArray();
    }

    internal static IReadOnlyList<string> Classes(TrainingRequest request, string[] labels)
    {
        var counts = labels.GroupBy(l => l, StringComparer.Ordinal).ToDictionary(g => g.Key, g => (long)g.Count(), StringComparer.Ordinal);
        if (request.Task == TaskKind.Binary)
        {
            if (counts.Count != 2)
            {
                throw new MLCycleException(ErrorKind.BadSpec, $"Target column '{request.Target}' has {counts.Count} distinct values ({string.Join(", ", counts.Keys.Order(StringComparer.Ordinal).Take(10))}); a binary task needs exactly 2.");
            }
            return PositiveClassRule.Order(counts, request.PositiveClass);
        }
        if (counts.Count < 2) throw new MLCycleException(ErrorKind.BadSpec, $"Target column '{request.Target}' has only {counts.Count} distinct value(s); a multiclass task needs at least 2.");
        var numeric = counts.Keys.All(k => double.TryParse(k, NumberStyles.Float, CultureInfo.InvariantCulture, out _));
        return numeric
            ? counts.Keys.OrderBy(k => double.Parse(k, CultureInfo.InvariantCulture)).ToList()
            : counts.Keys.Order(StringComparer.Ordinal).ToList();
    }
}
