using Microsoft.ML;
using Microsoft.ML.Data;
using MLCycle.Preparation;
using MLCycle.Training;

namespace MLCycle.Serving;

/// <summary>
/// Proves, when a package loads, that <see cref="TreeScorer"/> gives the same floats as ML.NET's own predictor: both score
/// feature vectors that sit exactly on a split's threshold and one float above it (where a different comparison would show),
/// for up to <see cref="MaxSplits"/> splits spread over the ensemble, on otherwise random rows, plus rows of infinities. The walk
/// takes them in blocks of rows as serving does, so its rows side by side (ADR 0079) are what is checked, and its rows one at a time.
/// </summary>
internal static class TreeWalkCheck
{
    public const int MaxSplits = 1_000;

    public static bool Agrees(MLContext ml, ITransformer predictor, TreeScorer scorer)
    {
        var width = scorer.Trees.FeatureCount;
        var vectors = Vectors(scorer.Trees, new Random(20261206));
        var definition = SchemaDefinition.Create(typeof(VectorInput));
        definition[nameof(VectorInput.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, width);
        var sums = Walk(scorer.Trees, vectors);
        if (scorer.Task == TaskKind.Binary)
        {
            using var engine = ml.Model.CreatePredictionEngine<VectorInput, BinaryOutput>(predictor, ignoreMissingColumns: true, inputSchemaDefinition: definition);
            var output = new BinaryOutput();
            for (var v = 0; v < vectors.Count; v++)
            {
                engine.Predict(new VectorInput { Features = vectors[v] }, ref output);
                if (!Same(output.Probability, scorer.Probability(TreeScorer.Score(sums[v])))) return false;
            }
            return true;
        }
        using var regression = ml.Model.CreatePredictionEngine<VectorInput, RegressionOutput>(predictor, ignoreMissingColumns: true, inputSchemaDefinition: definition);
        var score = new RegressionOutput();
        for (var v = 0; v < vectors.Count; v++)
        {
            regression.Predict(new VectorInput { Features = vectors[v] }, ref score);
            if (!Same(score.Score, TreeScorer.Score(sums[v]))) return false;
        }
        return true;
    }

    // Every vector's sum from the walk, a block of rows at a time as serving walks them.
    private static double[] Walk(CompiledTrees trees, List<float[]> vectors)
    {
        var sums = new double[vectors.Count];
        trees.SumInBlocks(vectors.SelectMany(v => v).ToArray(), sums);
        return sums;
    }

    private static bool Same(float a, float b) => BitConverter.SingleToInt32Bits(a) == BitConverter.SingleToInt32Bits(b);

    // On and just above sampled thresholds, every other feature set near one of its own thresholds or to zero; then rows of
    // +infinity and -infinity, which go right and left of every split.
    private static List<float[]> Vectors(CompiledTrees trees, Random random)
    {
        var splits = trees.Splits().ToList();
        var byFeature = splits.GroupBy(s => s.Feature).ToDictionary(g => g.Key, g => g.Select(s => s.Threshold).ToArray());
        var vectors = new List<float[]>();
        var step = Math.Max(1, splits.Count / MaxSplits);
        for (var i = 0; i < splits.Count; i += step)
        {
            var (feature, threshold) = splits[i];
            foreach (var value in new[] { threshold, MathF.BitIncrement(threshold) })
            {
                var vector = new float[trees.FeatureCount];
                for (var f = 0; f < vector.Length; f++)
                {
                    vector[f] = byFeature.TryGetValue(f, out var thresholds) && random.Next(4) > 0
                        ? Nudge(thresholds[random.Next(thresholds.Length)], random.Next(3))
                        : 0;
                }
                vector[feature] = value;
                vectors.Add(vector);
            }
        }
        vectors.Add(Enumerable.Repeat(float.PositiveInfinity, trees.FeatureCount).ToArray());
        vectors.Add(Enumerable.Repeat(float.NegativeInfinity, trees.FeatureCount).ToArray());
        return vectors;
    }

    private static float Nudge(float threshold, int how) => how switch
    {
        0 => threshold,
        1 => MathF.BitIncrement(threshold),
        _ => MathF.BitDecrement(threshold),
    };

    /// <summary>A feature vector as the predictor reads it.</summary>
    internal sealed class VectorInput
    {
        public float[] Features { get; set; } = [];
    }
}
