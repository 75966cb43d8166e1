using MLCycle.Training.Neural;

namespace MLCycle.Tests.Training.Neural;

public class LayerGradientTests
{
    private const double Tolerance = 5e-3;

    [Theory]
    [InlineData(7, 5)] // narrower than a vector: the scalar loops
    [InlineData(5, 19)] // two-vector strips and a scalar tail
    [InlineData(3, 45)] // a four-vector strip, a one-vector strip and a scalar tail
    public void Dense_backward_matches_finite_differences(int inputs, int outputs) =>
        Assert.InRange(GradientCheck.WorstError(new DenseLayer(inputs, outputs, heInit: true), rows: 4, seed: 1), 0, Tolerance);

    [Theory]
    [InlineData(MlpActivation.Relu)]
    [InlineData(MlpActivation.Gelu)]
    public void Activation_backward_matches_finite_differences(MlpActivation activation) =>
        Assert.InRange(GradientCheck.WorstError(new ActivationLayer(6, activation), rows: 5, seed: 2, awayFromZero: true), 0, Tolerance);

    [Fact]
    public void Dropout_backward_with_a_fixed_mask_matches_finite_differences() =>
        Assert.InRange(GradientCheck.WorstError(new DropoutLayer(8, 0.3f), rows: 5, seed: 3), 0, Tolerance);

    [Fact]
    public void LayerNorm_backward_matches_finite_differences() =>
        Assert.InRange(GradientCheck.WorstError(new LayerNormLayer(6), rows: 4, seed: 4), 0, Tolerance);

    [Fact]
    public void BatchNorm_backward_matches_finite_differences() =>
        Assert.InRange(GradientCheck.WorstError(new BatchNormLayer(5), rows: 6, seed: 5), 0, Tolerance);

    [Fact]
    public void Dropout_while_training_zeroes_about_its_rate_and_scales_the_rest()
    {
        var layer = new DropoutLayer(100, 0.25f);
        var x = Enumerable.Repeat(1f, 1000).ToArray();
        var y = new float[x.Length];
        var pass = new LayerPass { Rows = 10, Training = true, Seed = 7, Cache = new float[layer.CacheSize(10)] };
        layer.Forward(ref pass, x, y);

        Assert.InRange(y.Count(v => v == 0) / 1000.0, 0.2, 0.3);
        Assert.All(y.Where(v => v != 0), v => Assert.Equal(1 / 0.75f, v, 1e-6f));
    }

    [Fact]
    public void BatchNorm_while_training_gives_each_unit_mean_zero_and_variance_one()
    {
        var layer = new BatchNormLayer(3);
        var random = new Random(9);
        var x = GradientCheck.Draw(random, 30, awayFromZero: false).Select(v => v * 5 + 2).ToArray();
        var parameters = new float[layer.ParameterCount];
        var state = new float[layer.StateCount];
        var mix = new SplitMix(1);
        layer.Initialize(parameters, state, ref mix);
        var y = new float[30];
        var pass = new LayerPass { Rows = 10, Training = true, Parameters = parameters, State = state, BatchState = new float[6], Cache = new float[layer.CacheSize(10)] };
        layer.Forward(ref pass, x, y);

        for (var j = 0; j < 3; j++)
        {
            var unit = Enumerable.Range(0, 10).Select(r => (double)y[r * 3 + j]).ToArray();
            Assert.Equal(0, unit.Average(), 1e-5);
            Assert.Equal(1, unit.Select(v => v * v).Average(), 1e-3);
        }
    }
}
