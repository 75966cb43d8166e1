using System.Numerics.Tensors;

namespace MLCycle.Training.Neural;

/// <summary>
/// y = x·W + b with W stored input-major (one row of <c>outputs</c> weights per input), so forward and the weight
/// gradient are axpy over contiguous rows and the input gradient is a dot over contiguous rows: no strided access.
/// </summary>
internal sealed class DenseLayer(int inputs, int outputs, bool heInit) : Layer(inputs, outputs)
{
    // below this many outputs (a head of 1 to 7 units) a call into TensorPrimitives costs more than the arithmetic it does
    private const int NarrowWidth = 8;

    public override int ParameterCount => Inputs * Outputs + Outputs;

    public override void Initialize(Span<float> parameters, Span<float> state, ref SplitMix random)
    {
        // He for layers feeding a ReLU-like unit, Xavier for the head, both normal.
        var sd = heInit ? Math.Sqrt(2.0 / Inputs) : Math.Sqrt(2.0 / (Inputs + Outputs));
        var weights = parameters[..(Inputs * Outputs)];
        for (var i = 0; i < weights.Length; i++) weights[i] = (float)(random.NextGaussian() * sd);
        parameters[(Inputs * Outputs)..].Clear();
    }

    public override void Forward(ref LayerPass pass, ReadOnlySpan<float> x, Span<float> y)
    {
        var weights = pass.Parameters[..(Inputs * Outputs)];
        var bias = pass.Parameters.Slice(Inputs * Outputs, Outputs);
        for (var r = 0; r < pass.Rows; r++)
        {
            var row = y.Slice(r * Outputs, Outputs);
            var input = x.Slice(r * Inputs, Inputs);
            bias.CopyTo(row);
            if (Outputs < NarrowWidth)
            {
                for (var i = 0; i < input.Length; i++)
                    for (var o = 0; o < Outputs; o++) row[o] += input[i] * weights[i * Outputs + o];
                continue;
            }
            for (var i = 0; i < input.Length; i++)
            {
                // one-hot columns are mostly zero before standardisation and hidden ReLU units often are
                if (input[i] != 0) TensorPrimitives.MultiplyAdd(weights.Slice(i * Outputs, Outputs), input[i], row, row);
            }
        }
    }

    public override void Backward(ref LayerPass pass, ReadOnlySpan<float> x, ReadOnlySpan<float> dy, Span<float> dx)
    {
        var weights = pass.Parameters[..(Inputs * Outputs)];
        var weightGradients = pass.Gradients[..(Inputs * Outputs)];
        var biasGradients = pass.Gradients.Slice(Inputs * Outputs, Outputs);
        for (var r = 0; r < pass.Rows; r++)
        {
            var gradient = dy.Slice(r * Outputs, Outputs);
            var input = x.Slice(r * Inputs, Inputs);
            TensorPrimitives.Add(biasGradients, gradient, biasGradients);
            if (Outputs < NarrowWidth)
            {
                NarrowBackward(input, gradient, weights, weightGradients, dx.IsEmpty ? dx : dx.Slice(r * Inputs, Inputs));
                continue;
            }
            for (var i = 0; i < input.Length; i++)
            {
                var weightRow = weightGradients.Slice(i * Outputs, Outputs);
                if (input[i] != 0) TensorPrimitives.MultiplyAdd(gradient, input[i], weightRow, weightRow);
            }
            if (dx.IsEmpty) continue;
            var inputGradient = dx.Slice(r * Inputs, Inputs);
            for (var i = 0; i < Inputs; i++) inputGradient[i] = TensorPrimitives.Dot(gradient, weights.Slice(i * Outputs, Outputs));
        }
    }

    private void NarrowBackward(ReadOnlySpan<float> input, ReadOnlySpan<float> gradient, ReadOnlySpan<float> weights, Span<float> weightGradients, Span<float> inputGradient)
    {
        for (var i = 0; i < Inputs; i++)
        {
            var sum = 0f;
            for (var o = 0; o < Outputs; o++)
            {
                weightGradients[i * Outputs + o] += input[i] * gradient[o];
                sum += gradient[o] * weights[i * Outputs + o];
            }
            if (!inputGradient.IsEmpty) inputGradient[i] = sum;
        }
    }
}
