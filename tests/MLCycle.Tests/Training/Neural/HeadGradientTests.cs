using MLCycle.Training.Neural;

namespace MLCycle.Tests.Training.Neural;

public class HeadGradientTests
{
    private const float Step = 1e-2f;
    private const double Tolerance = 5e-3;

    [Theory]
    [InlineData(TaskKind.Binary, 1, new[] { 0f, 1f, 1f, 0f })]
    [InlineData(TaskKind.Multiclass, 3, new[] { 0f, 2f, 1f, 2f })]
    [InlineData(TaskKind.Regression, 1, new[] { 0.5f, -1.2f, 2f, 0f })]
    public void Loss_gradient_matches_finite_differences(TaskKind task, int width, float[] targets)
    {
        var logits = GradientCheck.Draw(new Random(11), targets.Length * width, awayFromZero: false).Select(v => v * 3).ToArray();
        var gradient = new float[logits.Length];
        LossHead.Loss(task, logits, targets, targets.Length, width, 1f, gradient);

        for (var i = 0; i < logits.Length; i++)
        {
            var original = logits[i];
            logits[i] = original + Step;
            var plus = LossHead.Loss(task, logits, targets, targets.Length, width, 1f, Span<float>.Empty);
            logits[i] = original - Step;
            var minus = LossHead.Loss(task, logits, targets, targets.Length, width, 1f, Span<float>.Empty);
            logits[i] = original;
            Assert.InRange(GradientCheck.Compare(gradient[i], (plus - minus) / (2 * Step)), 0, Tolerance);
        }
    }

    [Fact]
    public void Loss_binary_matches_log_loss_computed_by_hand()
    {
        // -ln σ(2) for a positive row and -ln(1 - σ(-1)) for a negative one
        var expected = -Math.Log(1 / (1 + Math.Exp(-2))) - Math.Log(1 - 1 / (1 + Math.Exp(1)));

        Assert.Equal(expected, LossHead.Loss(TaskKind.Binary, [2f, -1f], [1f, 0f], 2, 1, 1f, Span<float>.Empty), 1e-6);
    }

    [Theory]
    [InlineData(MlpNormalization.None)]
    [InlineData(MlpNormalization.Layer)]
    [InlineData(MlpNormalization.Batch)]
    public void Backward_through_the_whole_graph_matches_finite_differences(MlpNormalization normalization)
    {
        var graph = new MlpGraph(TaskKind.Multiclass, 4, 3, [6, 5], MlpActivation.Gelu, normalization, dropout: 0.2f);
        var parameters = new float[graph.ParameterCount];
        var state = new float[graph.StateCount];
        var mix = new SplitMix(5);
        graph.Initialize(parameters, state, ref mix);
        var work = new GraphWorkspace(graph, 8);
        var random = new Random(6);
        var input = GradientCheck.Draw(random, 8 * 4, awayFromZero: false);
        float[] targets = [0, 1, 2, 0, 1, 2, 2, 1];

        input.CopyTo(work.Activations[0], 0);
        graph.Forward(work, 8, parameters, state, seed: 99);
        LossHead.Loss(TaskKind.Multiclass, work.Activations[^1], targets, 8, 3, 1f, work.Delta);
        graph.Backward(work, 8, parameters, state);
        var analytic = (float[])work.Gradients.Clone();

        double Objective()
        {
            input.CopyTo(work.Activations[0], 0);
            graph.Forward(work, 8, parameters, state, seed: 99);
            return LossHead.Loss(TaskKind.Multiclass, work.Activations[^1], targets, 8, 3, 1f, Span<float>.Empty);
        }
        for (var i = 0; i < parameters.Length; i++)
        {
            var original = parameters[i];
            parameters[i] = original + Step;
            var plus = Objective();
            parameters[i] = original - Step;
            var minus = Objective();
            parameters[i] = original;
            Assert.InRange(GradientCheck.Compare(analytic[i], (plus - minus) / (2 * Step)), 0, Tolerance);
        }
    }

    [Fact]
    public void Multiclass_prediction_of_logits_past_floats_exp_range_is_their_softmax()
    {
        // exp(100) is past float's range: taken as it is, every class came out ∞/∞ = NaN (and was answered as a uniform guess).
        var output = new float[3];

        LossHead.Predict(TaskKind.Multiclass, [100f, 0f, -5f], output, 0, 1);

        Assert.All(output, p => Assert.True(float.IsFinite(p), $"probabilities {string.Join(", ", output)}"));
        Assert.Equal(1.0, output.Sum(), 1e-6);
        Assert.Equal(Math.Exp(-100), output[1], 1e-12);
        Assert.True(output[0] > 0.999999f);
    }
}
