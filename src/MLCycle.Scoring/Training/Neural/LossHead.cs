using System.Numerics.Tensors;

namespace MLCycle.Training.Neural;

/// <summary>
/// The output head of each task: binary is a sigmoid with log loss, multiclass a softmax with cross-entropy, regression
/// the identity with squared error on the standardised target. Losses are computed from logits, so they stay finite.
/// </summary>
internal static class LossHead
{
    /// <summary>Units the head needs from the last dense layer.</summary>
    public static int Width(TaskKind task, int classes) => task == TaskKind.Multiclass ? classes : 1;

    /// <summary>
    /// The summed loss of <paramref name="rows"/> rows; unless <paramref name="gradient"/> is empty, writes
    /// <paramref name="scale"/> × dLoss/dlogit into it (scale = 1 / batch rows makes shard gradients add up to the batch mean's).
    /// </summary>
    public static double Loss(TaskKind task, ReadOnlySpan<float> logits, ReadOnlySpan<float> targets, int rows, int width, float scale, Span<float> gradient)
    {
        var total = 0.0;
        for (var r = 0; r < rows; r++)
        {
            var z = logits.Slice(r * width, width);
            var target = targets[r];
            switch (task)
            {
                case TaskKind.Binary:
                    // log(1 + e^z) - t z, written so that neither exp can overflow
                    total += Math.Max(z[0], 0f) - target * z[0] + Math.Log(1 + Math.Exp(-Math.Abs(z[0])));
                    if (!gradient.IsEmpty) gradient[r] = scale * (Sigmoid(z[0]) - target);
                    break;
                case TaskKind.Multiclass:
                    var max = TensorPrimitives.Max(z);
                    var sum = 0.0;
                    for (var k = 0; k < width; k++) sum += Math.Exp(z[k] - max);
                    var label = (int)target;
                    total += Math.Log(sum) + max - z[label];
                    if (gradient.IsEmpty) break;
                    var row = gradient.Slice(r * width, width);
                    for (var k = 0; k < width; k++) row[k] = scale * (float)(Math.Exp(z[k] - max) / sum - (k == label ? 1 : 0));
                    break;
                default:
                    var error = z[0] - target;
                    total += error * error;
                    if (!gradient.IsEmpty) gradient[r] = scale * 2 * error;
                    break;
            }
        }
        return total;
    }

    /// <summary>One row's prediction from its logits: the positive class's probability, the class probabilities, or the value.</summary>
    public static void Predict(TaskKind task, ReadOnlySpan<float> logits, Span<float> output, float targetMean, float targetSd)
    {
        switch (task)
        {
            case TaskKind.Binary:
                output[0] = Sigmoid(logits[0]);
                break;
            case TaskKind.Multiclass:
                // Shifted by the largest logit first: SoftMax takes exp of each as it is, and a logit past ~88 overflows float to ∞,
                // so every class's probability came out ∞/∞ = NaN. An infinite or NaN logit still gives NaN, which serving refuses.
                var shifted = output[..logits.Length];
                TensorPrimitives.Subtract(logits, TensorPrimitives.Max(logits), shifted);
                TensorPrimitives.SoftMax(shifted, shifted);
                break;
            default:
                output[0] = logits[0] * targetSd + targetMean;
                break;
        }
    }

    private static float Sigmoid(float z) => z >= 0 ? 1f / (1f + MathF.Exp(-z)) : MathF.Exp(z) / (1f + MathF.Exp(z));
}
