namespace MLCycle.Training.Neural;

/// <summary>
/// The epochs of one fit. A mini-batch is cut into shards of a fixed size (<see cref="ShardRows"/>) that
/// <see cref="Parallel.For(int, int, Action{int})"/> runs on any thread; each shard owns its buffers and draws its dropout
/// masks from a seed of (step, shard), and the shard gradients are summed in shard order. The arithmetic therefore does
/// not depend on scheduling or core count, and a seed gives the same weights bit for bit on one machine.
/// </summary>
internal sealed class MlpTrainingLoop
{
    /// <summary>Rows per shard: also batch normalisation's ghost-batch size.</summary>
    public const int ShardRows = 64;
    private const int ValidationBlockRows = 256;
    private const float StateMomentum = 0.1f;

    private readonly MlpNetwork _network;
    private readonly MlpGraph _graph;
    private readonly MlpOptions _options;
    private readonly MlpDataBlock _train;
    private readonly MlpDataBlock _validation;
    private readonly ulong _seed;
    private readonly int[] _order;
    private readonly int _batches;
    private readonly GraphWorkspace[] _shards;
    private readonly double[] _shardLoss;
    private readonly float[] _gradients;
    private readonly AdamW _optimizer;
    private SplitMix _random;
    private long _step;

    public MlpTrainingLoop(MlpNetwork network, MlpOptions options, MlpDataBlock train, MlpDataBlock validation, SplitMix random)
    {
        _network = network;
        _graph = network.Graph;
        _options = options;
        _train = train;
        _validation = validation;
        _random = random;
        _seed = random.NextULong();
        _order = Enumerable.Range(0, train.Rows).ToArray();
        _batches = (train.Rows + options.BatchSize - 1) / options.BatchSize;
        var largestBatch = (train.Rows + _batches - 1) / _batches;
        var capacity = Math.Min(largestBatch, 2 * ShardRows);
        _shards = new GraphWorkspace[Math.Max(1, largestBatch / ShardRows)];
        for (var k = 0; k < _shards.Length; k++) _shards[k] = new GraphWorkspace(_graph, capacity);
        _shardLoss = new double[_shards.Length];
        _gradients = new float[_graph.ParameterCount];
        _optimizer = new AdamW(_graph.ParameterCount, options.WeightDecay);
    }

    public MlpFit Run()
    {
        var trainingLoss = new List<double>();
        var validationLoss = new List<double>();
        var best = double.PositiveInfinity;
        var bestEpoch = 0;
        var bestParameters = (float[])_network.Parameters.Clone();
        var bestState = (float[])_network.State.Clone();
        var epoch = 0;
        while (epoch < _options.MaxEpochs)
        {
            epoch++;
            var loss = RunEpoch();
            if (!double.IsFinite(loss))
                throw new MLCycleException(ErrorKind.Failed, $"The network diverged in epoch {epoch} (training loss {loss}); lower the learning rate.");
            trainingLoss.Add(loss);
            if (_validation.Rows == 0)
            {
                bestEpoch = epoch;
                continue;
            }
            var held = ValidationLoss();
            validationLoss.Add(held);
            if (held < best)
            {
                (best, bestEpoch) = (held, epoch);
                _network.Parameters.CopyTo(bestParameters, 0);
                _network.State.CopyTo(bestState, 0);
            }
            else if (epoch - bestEpoch >= _options.Patience) break;
        }
        if (_validation.Rows > 0)
        {
            bestParameters.CopyTo(_network.Parameters, 0);
            bestState.CopyTo(_network.State, 0);
        }
        return new MlpFit(_network, epoch, bestEpoch, trainingLoss, validationLoss);
    }

    private double RunEpoch()
    {
        for (var i = _order.Length - 1; i > 0; i--)
        {
            var j = _random.NextInt(i + 1);
            (_order[i], _order[j]) = (_order[j], _order[i]);
        }
        var total = 0.0;
        for (var b = 0; b < _batches; b++)
        {
            var start = (int)((long)b * _train.Rows / _batches);
            var end = (int)((long)(b + 1) * _train.Rows / _batches);
            total += Step(start, end - start);
        }
        return total / _train.Rows;
    }

    private double Step(int start, int rows)
    {
        var shards = Math.Max(1, rows / ShardRows);
        var step = _step++;
        Parallel.For(0, shards, k => _shardLoss[k] = RunShard(_shards[k], step, k, start + k * rows / shards, start + (k + 1) * rows / shards, rows));
        // a fixed order of addition keeps the sum the same whichever shard finished first
        _shards[0].Gradients.CopyTo(_gradients, 0);
        var loss = _shardLoss[0];
        for (var k = 1; k < shards; k++)
        {
            System.Numerics.Tensors.TensorPrimitives.Add(_gradients, _shards[k].Gradients, _gradients);
            loss += _shardLoss[k];
        }
        FoldBatchState(shards);
        _optimizer.Step(_network.Parameters, _gradients, LearningRate(step));
        return loss;
    }

    private double RunShard(GraphWorkspace work, long step, int shard, int from, int to, int batchRows)
    {
        var rows = to - from;
        var width = _graph.Features;
        for (var i = 0; i < rows; i++)
        {
            var row = _order[from + i];
            _train.Features.AsSpan(row * width, width).CopyTo(work.Activations[0].AsSpan(i * width));
            work.Targets[i] = _train.Targets[row];
        }
        Array.Clear(work.Gradients);
        _graph.Forward(work, rows, _network.Parameters, _network.State, SplitMix.Derive(_seed, (ulong)step, (ulong)shard));
        var loss = LossHead.Loss(_graph.Task, work.Activations[^1], work.Targets, rows, _graph.Outputs, 1f / batchRows, work.Delta);
        _graph.Backward(work, rows, _network.Parameters, _network.State);
        return loss;
    }

    /// <summary>Moves the running statistics toward the mean of the shards' batch statistics, as PyTorch's momentum of 0.1 does.</summary>
    private void FoldBatchState(int shards)
    {
        var state = _network.State;
        for (var i = 0; i < state.Length; i++)
        {
            var mean = 0f;
            for (var k = 0; k < shards; k++) mean += _shards[k].BatchState[i];
            state[i] = (1 - StateMomentum) * state[i] + StateMomentum * mean / shards;
        }
    }

    private float LearningRate(long step)
    {
        if (_options.Schedule == MlpSchedule.Constant) return _options.LearningRate;
        var total = (double)_options.MaxEpochs * _batches;
        var floor = _options.LearningRate / 100;
        return (float)(floor + (_options.LearningRate - floor) * 0.5 * (1 + Math.Cos(Math.PI * step / total)));
    }

    private double ValidationLoss()
    {
        var blocks = (_validation.Rows + ValidationBlockRows - 1) / ValidationBlockRows;
        var losses = new double[blocks];
        Parallel.For(0, blocks, block =>
        {
            var start = block * ValidationBlockRows;
            var rows = Math.Min(ValidationBlockRows, _validation.Rows - start);
            var a = new float[rows * _graph.MaxWidth];
            var b = new float[rows * _graph.MaxWidth];
            _validation.Features.AsSpan(start * _graph.Features, rows * _graph.Features).CopyTo(a);
            var logits = _graph.Infer(a, b, rows, _network.Parameters, _network.State);
            losses[block] = LossHead.Loss(_graph.Task, logits, _validation.Targets.AsSpan(start, rows), rows, _graph.Outputs, 0, Span<float>.Empty);
        });
        return losses.Sum() / _validation.Rows;
    }
}
