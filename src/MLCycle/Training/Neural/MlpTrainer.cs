namespace MLCycle.Training.Neural;

/// <summary>
/// Trains an <see cref="MlpNetwork"/> on a dense, row-major float matrix with AdamW, mini-batches, a learning-rate
/// schedule and early stopping on a held-out split. Seeded and bit-for-bit reproducible on one machine.
/// </summary>
public static class MlpTrainer
{
    /// <summary>Trains with the default <see cref="MlpOptions"/>.</summary>
    public static MlpFit Fit(ReadOnlySpan<float> features, ReadOnlySpan<float> targets, int featureCount, TaskKind task) =>
        Fit(features, targets, featureCount, task, new MlpOptions());

    /// <summary>
    /// Trains on <paramref name="targets"/>.Length rows of <paramref name="featureCount"/> features each. Targets are 0 or 1
    /// (binary), a class index from 0 (multiclass; <paramref name="classCount"/> defaults to the largest index + 1) or the value.
    /// </summary>
    public static MlpFit Fit(ReadOnlySpan<float> features, ReadOnlySpan<float> targets, int featureCount, TaskKind task, MlpOptions options, int classCount = 0)
    {
        ArgumentNullException.ThrowIfNull(options);
        CheckOptions(options);
        if (featureCount < 1) throw new MLCycleException(ErrorKind.BadSpec, $"The network needs at least one feature; featureCount is {featureCount}.");
        var rows = targets.Length;
        if (rows < 1) throw new MLCycleException(ErrorKind.BadData, "The network has no rows to train on.");
        if (features.Length != (long)rows * featureCount)
            throw new MLCycleException(ErrorKind.BadData, $"{rows} targets need {(long)rows * featureCount} feature values ({featureCount} per row); {features.Length} were given.");
        var classes = CheckTargets(targets, task, classCount);
        CheckFeatures(features, featureCount);

        var random = new SplitMix(unchecked((ulong)options.Seed));
        var order = Enumerable.Range(0, rows).ToArray();
        Shuffle(order, ref random);
        var validationRows = options.ValidationFraction > 0 && rows > 1 ? Math.Max(1, (int)(rows * options.ValidationFraction)) : 0;
        var trainRows = order[validationRows..];
        var (mean, inverseSd) = InputScale(features, featureCount, trainRows);
        var (targetMean, targetSd) = task == TaskKind.Regression ? TargetScale(targets, trainRows) : (0f, 1f);
        var graph = new MlpGraph(task, featureCount, classes, options.HiddenLayers, options.Activation, options.Normalization, options.Dropout);
        var network = new MlpNetwork(graph, mean, inverseSd, targetMean, targetSd, new float[graph.ParameterCount], new float[graph.StateCount]);
        graph.Initialize(network.Parameters, network.State, ref random);
        var train = MlpDataBlock.Prepare(network, features, targets, trainRows);
        var validation = MlpDataBlock.Prepare(network, features, targets, order[..validationRows]);
        return new MlpTrainingLoop(network, options, train, validation, random).Run();
    }

    private static void CheckOptions(MlpOptions options)
    {
        static void Require(bool ok, string message)
        {
            if (!ok) throw new MLCycleException(ErrorKind.BadSpec, $"MLP options: {message}");
        }
        Require(options.HiddenLayers is not null && options.HiddenLayers.All(units => units >= 1), "every hidden layer needs at least 1 unit.");
        Require(Enum.IsDefined(options.Activation), $"unknown activation {(int)options.Activation}.");
        Require(Enum.IsDefined(options.Normalization), $"unknown normalisation {(int)options.Normalization}.");
        Require(Enum.IsDefined(options.Schedule), $"unknown schedule {(int)options.Schedule}.");
        Require(options.Dropout is >= 0 and < 1, $"dropout must be in [0, 1); it is {options.Dropout}.");
        Require(float.IsFinite(options.LearningRate) && options.LearningRate > 0, $"the learning rate must be above 0; it is {options.LearningRate}.");
        Require(float.IsFinite(options.WeightDecay) && options.WeightDecay >= 0, $"weight decay must be 0 or more; it is {options.WeightDecay}.");
        Require(options.BatchSize >= 1, $"the batch size must be at least 1; it is {options.BatchSize}.");
        Require(options.MaxEpochs >= 1, $"max epochs must be at least 1; it is {options.MaxEpochs}.");
        Require(options.Patience >= 0, $"patience must be 0 or more; it is {options.Patience}.");
        Require(options.ValidationFraction is >= 0 and < 1, $"the validation fraction must be in [0, 1); it is {options.ValidationFraction}.");
    }

    private static int CheckTargets(ReadOnlySpan<float> targets, TaskKind task, int classCount)
    {
        var largest = 0f;
        for (var r = 0; r < targets.Length; r++)
        {
            var t = targets[r];
            var ok = task switch
            {
                TaskKind.Binary => t is 0 or 1,
                TaskKind.Multiclass => t >= 0 && t == MathF.Floor(t) && (classCount <= 0 || t < classCount),
                _ => float.IsFinite(t),
            };
            if (!ok)
            {
                var expected = task switch
                {
                    TaskKind.Binary => "0 or 1",
                    TaskKind.Multiclass => classCount > 0 ? $"a class index from 0 to {classCount - 1}" : "a class index from 0",
                    _ => "a finite number",
                };
                throw new MLCycleException(ErrorKind.BadData, $"Row {r}: the {task.ToString().ToLowerInvariant()} target must be {expected}; found {t}.");
            }
            largest = Math.Max(largest, t);
        }
        if (task == TaskKind.Binary) return 2;
        if (task == TaskKind.Regression) return 0;
        var classes = classCount > 0 ? classCount : (int)largest + 1;
        return classes >= 2 ? classes : throw new MLCycleException(ErrorKind.BadData, $"A multiclass target needs at least 2 classes; found {classes}.");
    }

    private static void CheckFeatures(ReadOnlySpan<float> features, int featureCount)
    {
        for (var i = 0; i < features.Length; i++)
        {
            if (!float.IsFinite(features[i]))
                throw new MLCycleException(ErrorKind.BadData,
                    $"Row {i / featureCount}, feature {i % featureCount} is {features[i]}: the network needs finite numbers (impute missing values before training).");
        }
    }

    private static void Shuffle(int[] order, ref SplitMix random)
    {
        for (var i = order.Length - 1; i > 0; i--)
        {
            var j = random.NextInt(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
    }

    /// <summary>Per feature: the training rows' mean and 1/sd (1 for a constant feature, which then stays 0).</summary>
    private static (float[] Mean, float[] InverseSd) InputScale(ReadOnlySpan<float> features, int featureCount, int[] rows)
    {
        var sum = new double[featureCount];
        var squares = new double[featureCount];
        foreach (var r in rows)
        {
            for (var c = 0; c < featureCount; c++)
            {
                double v = features[r * featureCount + c];
                sum[c] += v;
                squares[c] += v * v;
            }
        }
        var mean = new float[featureCount];
        var inverseSd = new float[featureCount];
        for (var c = 0; c < featureCount; c++)
        {
            var m = sum[c] / rows.Length;
            var sd = Math.Sqrt(Math.Max(0, squares[c] / rows.Length - m * m));
            mean[c] = (float)m;
            inverseSd[c] = sd > 1e-12 ? (float)(1 / sd) : 1f;
        }
        return (mean, inverseSd);
    }

    private static (float Mean, float Sd) TargetScale(ReadOnlySpan<float> targets, int[] rows)
    {
        double sum = 0, squares = 0;
        foreach (var r in rows)
        {
            sum += targets[r];
            squares += (double)targets[r] * targets[r];
        }
        var mean = sum / rows.Length;
        var sd = Math.Sqrt(Math.Max(0, squares / rows.Length - mean * mean));
        return ((float)mean, sd > 1e-12 ? (float)sd : 1f);
    }
}
