using Microsoft.ML;
using Microsoft.ML.Data;
using MLCycle.Preparation;
using MLCycle.Training;

namespace MLCycle.Serving;

/// <summary>
/// Proves, when a package loads, that <see cref="TreeScorer"/> gives the same floats as ML.NET's own predictor: both score
/// feature vectors that sit exactly on a split's threshold and one float above it (where a different comparison would show),
/// for up to <see cref="MaxSplits"/> splits spread over the ensemble, on otherwise random rows, plus rows of infinities.
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
        var sums = new double[1];
        var skip = new bool[1];
        if (scorer.Task == TaskKind.Binary)
        {
            using var engine = ml.Model.CreatePredictionEngine<VectorInput, BinaryOutput>(predictor, ignoreMissingColumns: true, inputSchemaDefinition: definition);
            var output = new BinaryOutput();
            foreach (var vector in vectors)
            {
                engine.Predict(new VectorInput { Features = vector }, ref output);
                sums[0] = 0;
                scorer.Trees.Sum(vector, sums, skip);
                if (!Same(output.Probability, scorer.Probability(TreeScorer.Score(sums[0])))) return false;
            }
            return true;
        }
        using var regression = ml.Model.CreatePredictionEngine<VectorInput, RegressionOutput>(predictor, ignoreMissingColumns: true, inputSchemaDefinition: definition);
        var score = new RegressionOutput();
        foreach (var vector in vectors)
        {
            regression.Predict(new VectorInput { Features = vector }, ref score);
            sums[0] = 0;
            scorer.Trees.Sum(vector, sums, skip);
            if (!Same(score.Score, TreeScorer.Score(sums[0]))) return false;
        }
        return true;
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
