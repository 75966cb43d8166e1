using MLCycle.Training.Neural;

namespace MLCycle.Tests.Training.Neural;

/// <summary>
/// Central finite differences against a layer's backward pass, for the scalar L = Σ y ⊙ R with a fixed random R.
/// Float arithmetic: the step and tolerance are sized for single precision (rounding ≈ 1e-7 |L| / step).
/// </summary>
internal static class GradientCheck
{
    private const float Step = 1e-2f;

    /// <summary>The worst |analytic - numeric| / (1 + |numeric|) over every input and parameter.</summary>
    public static double WorstError(Layer layer, int rows, int seed, bool awayFromZero = false)
    {
        var random = new Random(seed);
        var x = Draw(random, rows * layer.Inputs, awayFromZero);
        var parameters = new float[layer.ParameterCount];
        var state = new float[layer.StateCount];
        var mix = new SplitMix((ulong)seed);
        layer.Initialize(parameters, state, ref mix);
        // perturb the initial values so a γ of exactly 1 or a zero bias hides no mistake
        for (var i = 0; i < parameters.Length; i++) parameters[i] += (float)(random.NextDouble() - 0.5) * 0.5f;
        var weights = Draw(random, rows * layer.Outputs, awayFromZero: false);

        var cache = new float[layer.CacheSize(rows)];
        var gradients = new float[parameters.Length];
        var batchState = new float[state.Length];
        var y = new float[rows * layer.Outputs];
        var dx = new float[x.Length];
        var pass = Pass(rows, parameters, gradients, state, batchState, cache);
        layer.Forward(ref pass, x, y);
        pass = Pass(rows, parameters, gradients, state, batchState, cache);
        layer.Backward(ref pass, x, weights, dx);

        var worst = 0.0;
        for (var i = 0; i < x.Length; i++) worst = Math.Max(worst, Compare(dx[i], Numeric(layer, rows, x, parameters, state, weights, x, i)));
        for (var i = 0; i < parameters.Length; i++) worst = Math.Max(worst, Compare(gradients[i], Numeric(layer, rows, x, parameters, state, weights, parameters, i)));
        return worst;
    }

    public static double Compare(double analytic, double numeric) => Math.Abs(analytic - numeric) / (1 + Math.Abs(numeric));

    public static float[] Draw(Random random, int count, bool awayFromZero)
    {
        var values = new float[count];
        for (var i = 0; i < count; i++)
        {
            var u = (float)(random.NextDouble() * 2 - 1);
            // ReLU has a kink at 0 where a finite difference straddles two slopes
            values[i] = awayFromZero ? MathF.CopySign(0.1f + MathF.Abs(u), u) : u;
        }
        return values;
    }

    private static double Numeric(Layer layer, int rows, float[] x, float[] parameters, float[] state, float[] weights, float[] perturbed, int index)
    {
        var original = perturbed[index];
        perturbed[index] = original + Step;
        var plus = Objective(layer, rows, x, parameters, state, weights);
        perturbed[index] = original - Step;
        var minus = Objective(layer, rows, x, parameters, state, weights);
        perturbed[index] = original;
        return (plus - minus) / (2 * Step);
    }

    private static double Objective(Layer layer, int rows, float[] x, float[] parameters, float[] state, float[] weights)
    {
        var y = new float[rows * layer.Outputs];
        var pass = Pass(rows, parameters, new float[parameters.Length], state, new float[state.Length], new float[layer.CacheSize(rows)]);
        layer.Forward(ref pass, x, y);
        var total = 0.0;
        for (var i = 0; i < y.Length; i++) total += (double)y[i] * weights[i];
        return total;
    }

    private static LayerPass Pass(int rows, float[] parameters, float[] gradients, float[] state, float[] batchState, float[] cache) => new()
    {
        Rows = rows,
        Training = true,
        Seed = 42,
        Parameters = parameters,
        Gradients = gradients,
        State = state,
        BatchState = batchState,
        Cache = cache,
    };
}
