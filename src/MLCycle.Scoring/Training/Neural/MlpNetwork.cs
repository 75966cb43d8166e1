using System.Buffers;
using System.Numerics.Tensors;

namespace MLCycle.Training.Neural;

/// <summary>
/// A fitted multilayer perceptron. It standardises raw features with the training rows' mean and sd itself, and predicts
/// the positive class's probability (binary), the class probabilities (multiclass) or the value (regression).
/// Immutable and safe to share between threads.
/// </summary>
public sealed class MlpNetwork
{
    // one row's two activation buffers fit on the stack up to this width; wider networks rent from the shared pool
    private const int StackWidth = 1024;
    private const int BlockRows = 64;

    internal MlpNetwork(MlpGraph graph, float[] mean, float[] inverseSd, float targetMean, float targetSd, float[] parameters, float[] state)
    {
        Graph = graph;
        Mean = mean;
        InverseSd = inverseSd;
        TargetMean = targetMean;
        TargetSd = targetSd;
        Parameters = parameters;
        State = state;
    }

    /// <summary>What the network predicts.</summary>
    public TaskKind Task => Graph.Task;

    /// <summary>Features per row, in the order training saw them.</summary>
    public int FeatureCount => Graph.Features;

    /// <summary>Numbers per prediction: the class count for multiclass, 1 otherwise.</summary>
    public int OutputCount => Graph.Outputs;

    internal MlpGraph Graph { get; }

    internal float[] Mean { get; }

    internal float[] InverseSd { get; }

    internal float TargetMean { get; }

    internal float TargetSd { get; }

    internal float[] Parameters { get; }

    internal float[] State { get; }

    /// <summary>Predicts one row without allocating: serving calls this once per request.</summary>
    public void Predict(ReadOnlySpan<float> features, Span<float> output)
    {
        CheckRow(features.Length, output.Length);
        float[]? rented = null;
        var width = Graph.MaxWidth;
        Span<float> buffers = width <= StackWidth ? stackalloc float[2 * width] : (rented = ArrayPool<float>.Shared.Rent(2 * width));
        try
        {
            var a = buffers[..width];
            Standardise(features, a);
            var logits = Graph.Infer(a, buffers.Slice(width, width), 1, Parameters, State);
            LossHead.Predict(Task, logits, output, TargetMean, TargetSd);
        }
        finally
        {
            if (rented is not null) ArrayPool<float>.Shared.Return(rented);
        }
    }

    /// <summary>Predicts rows × <see cref="FeatureCount"/> features (row-major); returns rows × <see cref="OutputCount"/> numbers.</summary>
    public float[] PredictBatch(ReadOnlySpan<float> features)
    {
        if (features.Length % FeatureCount != 0)
            throw new MLCycleException(ErrorKind.BadData, $"The network takes rows of {FeatureCount} features; {features.Length} numbers are not a whole number of rows.");
        var rows = features.Length / FeatureCount;
        var input = features.ToArray();
        var output = new float[rows * OutputCount];
        Parallel.For(0, (rows + BlockRows - 1) / BlockRows, block =>
        {
            var start = block * BlockRows;
            var count = Math.Min(BlockRows, rows - start);
            var a = new float[count * Graph.MaxWidth];
            var b = new float[count * Graph.MaxWidth];
            for (var r = 0; r < count; r++) Standardise(input.AsSpan((start + r) * FeatureCount, FeatureCount), a.AsSpan(r * FeatureCount, FeatureCount));
            var logits = Graph.Infer(a, b, count, Parameters, State);
            for (var r = 0; r < count; r++)
                LossHead.Predict(Task, logits.Slice(r * OutputCount, OutputCount), output.AsSpan((start + r) * OutputCount, OutputCount), TargetMean, TargetSd);
        });
        return output;
    }

    /// <summary>Writes the network in MLCycle's versioned binary format, checksummed.</summary>
    public void Save(Stream stream) => MlpNetworkFormat.Write(this, stream);

    /// <summary>Reads a network written by <see cref="Save"/>; a truncated, altered or foreign file is refused with a clear <see cref="MLCycleException"/>.</summary>
    public static MlpNetwork Load(Stream stream) => MlpNetworkFormat.Read(stream);

    internal void Standardise(ReadOnlySpan<float> features, Span<float> destination)
    {
        TensorPrimitives.Subtract(features, Mean, destination[..FeatureCount]);
        TensorPrimitives.Multiply(destination[..FeatureCount], InverseSd, destination[..FeatureCount]);
    }

    private void CheckRow(int features, int outputs)
    {
        if (features != FeatureCount)
            throw new MLCycleException(ErrorKind.BadData, $"The network takes {FeatureCount} features per row; the row has {features}.");
        if (outputs < OutputCount)
            throw new ArgumentException($"The output needs room for {OutputCount} numbers; it has {outputs}.", nameof(outputs));
    }
}
