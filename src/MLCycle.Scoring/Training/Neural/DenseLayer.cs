using System.Numerics;
using System.Numerics.Tensors;

namespace MLCycle.Training.Neural;

/// <summary>
/// y = x·W + b with W stored input-major (one row of <c>outputs</c> weights per input). Forward and the weight gradient
/// are register-blocked: a strip of up to four vectors of outputs is accumulated in registers over every input (forward)
/// or every row of the block (weight gradient) and stored once, so W and dW stream through the cache once per block.
/// </summary>
internal sealed class DenseLayer(int inputs, int outputs, bool heInit) : Layer(inputs, outputs)
{
    private static readonly int Lanes = Vector<float>.Count;

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
        for (var r = 0; r < pass.Rows; r++) ForwardRow(x.Slice(r * Inputs, Inputs), weights, bias, y.Slice(r * Outputs, Outputs));
    }

    public override void Backward(ref LayerPass pass, ReadOnlySpan<float> x, ReadOnlySpan<float> dy, Span<float> dx)
    {
        var weights = pass.Parameters[..(Inputs * Outputs)];
        var biasGradients = pass.Gradients.Slice(Inputs * Outputs, Outputs);
        for (var r = 0; r < pass.Rows; r++) TensorPrimitives.Add(biasGradients, dy.Slice(r * Outputs, Outputs), biasGradients);
        WeightGradients(pass.Rows, x, dy, pass.Gradients[..(Inputs * Outputs)]);
        if (dx.IsEmpty) return;
        for (var r = 0; r < pass.Rows; r++)
        {
            var gradient = dy.Slice(r * Outputs, Outputs);
            var inputGradient = dx.Slice(r * Inputs, Inputs);
            for (var i = 0; i < Inputs; i++)
            {
                var w = weights.Slice(i * Outputs, Outputs);
                // a call into TensorPrimitives costs more than a dot of a few outputs (the head)
                if (Outputs >= Lanes) inputGradient[i] = TensorPrimitives.Dot(gradient, w);
                else
                {
                    var sum = 0f;
                    for (var o = 0; o < Outputs; o++) sum += gradient[o] * w[o];
                    inputGradient[i] = sum;
                }
            }
        }
    }

    private void ForwardRow(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> row)
    {
        var o = 0;
        for (; o + 4 * Lanes <= Outputs; o += 4 * Lanes)
        {
            var (a0, a1, a2, a3) = (Load(bias, o), Load(bias, o + Lanes), Load(bias, o + 2 * Lanes), Load(bias, o + 3 * Lanes));
            for (var i = 0; i < input.Length; i++)
            {
                // one-hot columns and ReLU outputs are often exactly zero
                if (input[i] == 0) continue;
                var s = new Vector<float>(input[i]);
                var at = i * Outputs + o;
                a0 += s * Load(weights, at);
                a1 += s * Load(weights, at + Lanes);
                a2 += s * Load(weights, at + 2 * Lanes);
                a3 += s * Load(weights, at + 3 * Lanes);
            }
            a0.CopyTo(row[o..]);
            a1.CopyTo(row[(o + Lanes)..]);
            a2.CopyTo(row[(o + 2 * Lanes)..]);
            a3.CopyTo(row[(o + 3 * Lanes)..]);
        }
        for (; o + Lanes <= Outputs; o += Lanes)
        {
            var a = Load(bias, o);
            for (var i = 0; i < input.Length; i++) a += new Vector<float>(input[i]) * Load(weights, i * Outputs + o);
            a.CopyTo(row[o..]);
        }
        for (; o < Outputs; o++)
        {
            var sum = bias[o];
            for (var i = 0; i < input.Length; i++) sum += input[i] * weights[i * Outputs + o];
            row[o] = sum;
        }
    }

    /// <summary>dW[i, o] += Σ_r x[r, i] dy[r, o], a strip of outputs at a time, summed over the block's rows in registers.</summary>
    private void WeightGradients(int rows, ReadOnlySpan<float> x, ReadOnlySpan<float> dy, Span<float> weightGradients)
    {
        var o = 0;
        for (; o + 2 * Lanes <= Outputs; o += 2 * Lanes)
        {
            for (var i = 0; i < Inputs; i++)
            {
                var at = i * Outputs + o;
                var (a0, a1) = (Load(weightGradients, at), Load(weightGradients, at + Lanes));
                for (var r = 0; r < rows; r++)
                {
                    var xi = x[r * Inputs + i];
                    if (xi == 0) continue;
                    var s = new Vector<float>(xi);
                    a0 += s * Load(dy, r * Outputs + o);
                    a1 += s * Load(dy, r * Outputs + o + Lanes);
                }
                a0.CopyTo(weightGradients[at..]);
                a1.CopyTo(weightGradients[(at + Lanes)..]);
            }
        }
        for (; o < Outputs; o++)
        {
            for (var i = 0; i < Inputs; i++)
            {
                var sum = weightGradients[i * Outputs + o];
                for (var r = 0; r < rows; r++) sum += x[r * Inputs + i] * dy[r * Outputs + o];
                weightGradients[i * Outputs + o] = sum;
            }
        }
    }

    private static Vector<float> Load(ReadOnlySpan<float> values, int at) => new(values.Slice(at, Lanes));
}
