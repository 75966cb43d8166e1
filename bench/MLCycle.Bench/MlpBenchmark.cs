using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using MLCycle.Training.Neural;

namespace MLCycle.Bench;

/// <summary>
/// MLCycle's MLP beside PyTorch (Debian's python3-torch, CPU, 2 threads): the same architecture, optimiser, schedule,
/// batch size and epochs on the same prepared telco_churn matrix (written once as float32 files both read); reports
/// seconds per epoch and the test AUC and accuracy of each, and MLCycle's one-row prediction latency.
/// </summary>
public static class MlpBenchmark
{
    private const string Python = "/usr/bin/python3";
    private const int Epochs = 50;
    private const int Batch = 256;
    private const float LearningRate = 1e-3f;
    private const float WeightDecay = 1e-2f;
    private const int Seed = 1;

    public static void Measure(string work, string? dataPath)
    {
        var data = TelcoMatrix.Load(dataPath ?? Path.Combine(PublishedCli.RepoRoot(), "examples", "telco-churn", "telco_churn.csv"), Seed);
        data.Write(work);
        Console.WriteLine();
        Console.WriteLine($"## MLP beside PyTorch: telco_churn, {data.TrainRows:N0} train / {data.TestRows:N0} test rows, {data.Features} features (one-hot), " +
                          $"batch {Batch}, AdamW lr {LearningRate} wd {WeightDecay}, cosine, {Epochs} epochs; load average {LoadAverage()}");
        Console.WriteLine("| hidden layers | engine | seconds per epoch | CPU seconds per epoch | test AUC | test accuracy |");
        Console.WriteLine("|---|---|---:|---:|---:|---:|");
        foreach (int[] hidden in new[] { new[] { 64, 64 }, [256, 256] })
        {
            var name = string.Join(" x ", hidden) + " ReLU";
            var options = new MlpOptions
            {
                HiddenLayers = hidden, BatchSize = Batch, LearningRate = LearningRate, WeightDecay = WeightDecay,
                MaxEpochs = Epochs, ValidationFraction = 0, Seed = Seed,
            };
            var (fit, seconds, cpu, probabilities) = TrainMlcycle(data, options);
            Console.WriteLine($"| {name} | MLCycle | {seconds:0.0000} | {cpu:0.0000} | {Auc(probabilities, data.TestY):0.0000} | {Accuracy(probabilities, data.TestY):0.0000} |");
            var (stopped, stoppedSeconds, stoppedCpu, stoppedProbabilities) = TrainMlcycle(data, options with { ValidationFraction = 0.1, Patience = 10 });
            Console.WriteLine($"| {name} | MLCycle, early stopping on 10% (ran {stopped.Epochs}, kept epoch {stopped.BestEpoch}) | {stoppedSeconds:0.0000} | {stoppedCpu:0.0000} | " +
                              $"{Auc(stoppedProbabilities, data.TestY):0.0000} | {Accuracy(stoppedProbabilities, data.TestY):0.0000} |");
            // the 2-thread run is the comparison asked for; 1 thread shows what OpenMP's threads cost at this size
            foreach (var threads in new[] { 2, 1 })
            {
                var torch = TrainTorch(work, hidden, threads);
                Console.WriteLine(torch is null ? $"| {name} | PyTorch | not run: {Python} cannot import torch (sudo apt-get install -y python3-torch) | | | |"
                    : $"| {name} | PyTorch {torch.Value.Version} ({torch.Value.Threads} thread{(threads > 1 ? "s" : "")}) | {torch.Value.Seconds:0.0000} | {torch.Value.CpuSeconds:0.0000} | " +
                      $"{Auc(torch.Value.Probabilities, data.TestY):0.0000} | {Accuracy(torch.Value.Probabilities, data.TestY):0.0000} |");
            }
            Console.WriteLine($"| {name} | MLCycle one-row `Predict` | {PredictMicroseconds(fit.Network, data):0.0} µs per row | | | |");
        }
    }

    private static (MlpFit Fit, double SecondsPerEpoch, double CpuSecondsPerEpoch, float[] TestProbabilities) TrainMlcycle(TelcoMatrix data, MlpOptions options)
    {
        MlpTrainer.Fit(data.TrainX, data.TrainY, data.Features, MLCycle.TaskKind.Binary, options with { MaxEpochs = 1 }); // JIT warm-up
        var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var fit = MlpTrainer.Fit(data.TrainX, data.TrainY, data.Features, MLCycle.TaskKind.Binary, options);
        var seconds = clock.Elapsed.TotalSeconds;
        process.Refresh();
        var cpuSeconds = (process.TotalProcessorTime - cpu).TotalSeconds;
        return (fit, seconds / fit.Epochs, cpuSeconds / fit.Epochs, fit.Network.PredictBatch(data.TestX));
    }

    private static (double Seconds, double CpuSeconds, float[] Probabilities, int Threads, string Version)? TrainTorch(string work, int[] hidden, int threads)
    {
        var script = Path.Combine(AppContext.BaseDirectory, "mlp_torch.py");
        var start = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { script, work, string.Join(',', hidden), $"{Epochs}", $"{Batch}", $"{LearningRate}", $"{WeightDecay}", $"{Seed}", $"{threads}" })
            start.ArgumentList.Add(arg.ToString(CultureInfo.InvariantCulture));
        if (!File.Exists(Python)) return null;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        var errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            if (errors.Contains("No module named 'torch'", StringComparison.Ordinal)) return null;
            throw new InvalidOperationException($"PyTorch side failed ({process.ExitCode}):\n{errors}");
        }
        var words = output.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var probabilities = MemoryMarshal.Cast<byte, float>(File.ReadAllBytes(Path.Combine(work, "torch_test_p.f32"))).ToArray();
        return (double.Parse(words[1], CultureInfo.InvariantCulture), double.Parse(words[7], CultureInfo.InvariantCulture), probabilities,
            int.Parse(words[3], CultureInfo.InvariantCulture), words[5]);
    }

    private static double PredictMicroseconds(MlpNetwork network, TelcoMatrix data)
    {
        var output = new float[1];
        const int calls = 100_000;
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < calls; i++) network.Predict(data.TestX.AsSpan(i % data.TestRows * data.Features, data.Features), output);
        return clock.Elapsed.TotalMicroseconds / calls;
    }

    /// <summary>The probability that a random positive is scored above a random negative (ties count half).</summary>
    private static double Auc(float[] scores, float[] labels)
    {
        var order = Enumerable.Range(0, scores.Length).OrderBy(i => scores[i]).ToArray();
        double positives = labels.Count(l => l == 1), negatives = labels.Length - positives, rankSum = 0;
        for (var i = 0; i < order.Length;)
        {
            var j = i;
            while (j < order.Length && scores[order[j]] == scores[order[i]]) j++;
            var rank = (i + j + 1) / 2.0;
            for (var k = i; k < j; k++) if (labels[order[k]] == 1) rankSum += rank;
            i = j;
        }
        return (rankSum - positives * (positives + 1) / 2) / (positives * negatives);
    }

    private static double Accuracy(float[] scores, float[] labels) => scores.Where((s, i) => (s > 0.5f ? 1 : 0) == labels[i]).Count() / (double)labels.Length;

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
}
