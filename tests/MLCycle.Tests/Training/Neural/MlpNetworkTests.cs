using MLCycle.Training.Neural;

namespace MLCycle.Tests.Training.Neural;

public class MlpNetworkTests
{
    private static readonly MlpNetwork Network = Train();

    [Fact]
    public void Load_of_a_saved_network_predicts_identically()
    {
        var (features, _) = MlpTrainerTests.Blobs(rows: 60, seed: 8);
        using var file = new MemoryStream();
        Network.Save(file);
        file.Position = 0;

        var loaded = MlpNetwork.Load(file);

        Assert.Equal(Network.PredictBatch(features), loaded.PredictBatch(features));
        Assert.Equal((TaskKind.Multiclass, 5, 3), (loaded.Task, loaded.FeatureCount, loaded.OutputCount));
    }

    [Fact]
    public void PredictBatch_gives_what_Predict_gives_row_by_row()
    {
        var (features, _) = MlpTrainerTests.Blobs(rows: 150, seed: 9);

        var batch = Network.PredictBatch(features);

        var output = new float[3];
        for (var r = 0; r < 150; r++)
        {
            Network.Predict(features.AsSpan(r * 5, 5), output);
            Assert.Equal(batch.AsSpan(r * 3, 3).ToArray(), output);
            Assert.Equal(1f, output.Sum(), 1e-5f);
        }
    }

    [Fact]
    public void Predict_one_row_allocates_nothing()
    {
        var row = new float[] { 100, 200, 300, 400, 500 };
        var output = new float[3];
        Network.Predict(row, output);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++) Network.Predict(row, output);

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Predict_a_row_of_the_wrong_width_names_both_widths()
    {
        var error = Assert.Throws<MLCycleException>(() => Network.Predict(new float[4], new float[3]));

        Assert.Equal(ErrorKind.BadData, error.Kind);
        Assert.Contains("5 features per row; the row has 4", error.Message);
    }

    [Fact]
    public void Load_a_truncated_file_is_refused_as_tampered()
    {
        var bytes = Saved();

        var error = Assert.Throws<MLCycleException>(() => MlpNetwork.Load(new MemoryStream(bytes[..(bytes.Length - 100)])));

        Assert.Equal(ErrorKind.Tampered, error.Kind);
        Assert.Contains("truncated", error.Message);
    }

    [Fact]
    public void Load_a_file_with_one_weight_changed_is_refused_as_tampered()
    {
        var bytes = Saved();
        bytes[bytes.Length / 2] ^= 0x40;

        var error = Assert.Throws<MLCycleException>(() => MlpNetwork.Load(new MemoryStream(bytes)));

        Assert.Equal(ErrorKind.Tampered, error.Kind);
    }

    [Fact]
    public void Load_a_file_that_is_not_a_network_is_refused_as_bad_data()
    {
        var error = Assert.Throws<MLCycleException>(() => MlpNetwork.Load(new MemoryStream("PK\u0003\u0004 a zip, not a network"u8.ToArray())));

        Assert.Equal(ErrorKind.BadData, error.Kind);
        Assert.Contains("MLCYCMLP", error.Message);
    }

    [Fact]
    public void Load_a_newer_format_version_is_refused_with_both_versions()
    {
        var bytes = Saved();
        bytes[8] = 9;

        var error = Assert.Throws<MLCycleException>(() => MlpNetwork.Load(new MemoryStream(bytes)));

        Assert.Equal(ErrorKind.BadData, error.Kind);
        Assert.Contains("version 9; this MLCycle reads version 1", error.Message);
    }

    private static byte[] Saved()
    {
        using var file = new MemoryStream();
        Network.Save(file);
        return file.ToArray();
    }

    private static MlpNetwork Train()
    {
        var (features, targets) = MlpTrainerTests.Blobs(rows: 300, seed: 10);
        var options = new MlpOptions { HiddenLayers = [16, 8], Normalization = MlpNormalization.Batch, MaxEpochs = 10, Seed = 1 };
        return MlpTrainer.Fit(features, targets, 5, TaskKind.Multiclass, options).Network;
    }
}
