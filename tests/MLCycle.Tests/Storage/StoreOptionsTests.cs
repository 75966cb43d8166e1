using MLCycle.Storage;

namespace MLCycle.Tests.Storage;

public sealed class StoreOptionsTests : IDisposable
{
    private readonly TempDirectory temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public async Task OpenAsync_artifactsDirectory_keepsArtifactsThereAndTheDatabaseInTheStore()
    {
        var artifacts = Path.Combine(temp.Path, "shared-artifacts");

        await using (var store = await MLCycleStore.OpenAsync(new StoreOptions { Address = Path.Combine(temp.Path, "db"), ArtifactsDirectory = artifacts }))
        {
            Assert.Equal(artifacts, store.Artifacts.Root);
        }

        Assert.True(File.Exists(Path.Combine(temp.Path, "db", MLCycleStore.DatabaseFileName)));
        Assert.False(Directory.Exists(Path.Combine(temp.Path, "db", MLCycleStore.ArtifactsFolderName)));
    }

    [Fact]
    public async Task OpenAsync_artifactsUnderAFile_isUnavailableNamingTheFolder()
    {
        var file = Path.Combine(temp.Path, "plain-file");
        await File.WriteAllTextAsync(file, "x");
        var artifacts = Path.Combine(file, "artifacts");

        var error = await Assert.ThrowsAsync<MLCycleException>(() =>
            MLCycleStore.OpenAsync(new StoreOptions { Address = Path.Combine(temp.Path, "db"), ArtifactsDirectory = artifacts }));

        Assert.Equal(ErrorKind.Unavailable, error.Kind);
        Assert.Contains(artifacts, error.Message);
    }
}
