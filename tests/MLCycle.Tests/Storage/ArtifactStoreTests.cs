using MLCycle.Tracking;

namespace MLCycle.Tests.Storage;

public sealed class ArtifactStoreTests : IDisposable
{
    private readonly TempDirectory temp = new();
    private readonly ArtifactStore artifacts;
    private readonly string runId = RunIdGenerator.NewId();

    public ArtifactStoreTests() => artifacts = new ArtifactStore(Path.Combine(temp.Path, "artifacts"));

    public void Dispose() => temp.Dispose();

    [Fact]
    public async Task PutFileAsync_file_isStoredUnderRunAndResolvable()
    {
        var source = WriteSource("report.html", "<h1>ok</h1>");

        var storePath = await artifacts.PutFileAsync(runId, "reports/report.html", source);

        Assert.Equal($"{runId}/reports/report.html", storePath);
        Assert.Equal("<h1>ok</h1>", File.ReadAllText(artifacts.Resolve(storePath)));
        Assert.Equal(artifacts.Resolve(storePath), artifacts.Resolve(runId, "reports/report.html"));
        Assert.Equal([new ArtifactInfo("reports/report.html", 11)], artifacts.List(runId));
    }

    [Fact]
    public async Task PutFileAsync_again_replacesContentAndLeavesNoTempFiles()
    {
        await artifacts.PutFileAsync(runId, "a.txt", WriteSource("one.txt", "first"));
        await artifacts.PutFileAsync(runId, "a.txt", WriteSource("two.txt", "second"));

        Assert.Equal("second", File.ReadAllText(artifacts.Resolve(runId, "a.txt")));
        Assert.Equal(["a.txt"], Directory.GetFiles(Path.Combine(artifacts.Root, runId)).Select(Path.GetFileName));
    }

    [Fact]
    public async Task PutDirectoryAsync_folder_copiesTreeAndRefusesToOverwrite()
    {
        var source = Path.Combine(temp.Path, "package");
        Directory.CreateDirectory(Path.Combine(source, "sub"));
        File.WriteAllText(Path.Combine(source, "manifest.json"), "{}");
        File.WriteAllText(Path.Combine(source, "sub", "model.zip"), "zip");

        var storePath = await artifacts.PutDirectoryAsync(runId, "model", source);

        Assert.Equal($"{runId}/model", storePath);
        Assert.Equal(["model/manifest.json", "model/sub/model.zip"], artifacts.List(runId).Select(a => a.Path));
        var again = await Assert.ThrowsAsync<MLCycleException>(() => artifacts.PutDirectoryAsync(runId, "model", source));
        Assert.Equal(ErrorKind.Conflict, again.Kind);
        Assert.Contains(storePath, again.Message);
    }

    [Theory]
    [InlineData("../escape.txt", "..")]
    [InlineData("a/../../escape.txt", "..")]
    [InlineData("..\\escape.txt", "..")]
    [InlineData("/etc/passwd", "absolute")]
    [InlineData("C:\\Windows\\x", "absolute")]
    [InlineData("", "empty")]
    [InlineData("./.", "names no file")]
    public async Task PutFileAsync_pathLeavingRoot_isRefusedBeforeAnyWrite(string path, string reason)
    {
        var source = WriteSource("x.txt", "x");

        var error = await Assert.ThrowsAsync<MLCycleException>(() => artifacts.PutFileAsync(runId, path, source));

        Assert.Equal(ErrorKind.BadSpec, error.Kind);
        Assert.Contains(reason, error.Message);
        Assert.False(File.Exists(Path.Combine(temp.Path, "escape.txt")));
        Assert.False(Directory.Exists(Path.Combine(artifacts.Root, runId)));
    }

    [Fact]
    public void Resolve_storePathWithDotDot_isRefused()
    {
        var error = Assert.Throws<MLCycleException>(() => artifacts.Resolve($"{runId}/../../../etc/passwd"));

        Assert.Contains("..", error.Message);
    }

    [Theory]
    [InlineData("..")]
    [InlineData("not-a-run")]
    [InlineData("abcd")]
    public void Resolve_runIdThatIsNotAFullId_isRefused(string badRunId)
    {
        var error = Assert.Throws<MLCycleException>(() => artifacts.Resolve(badRunId, "a.txt"));

        Assert.Contains(badRunId, error.Message);
    }

    [Fact]
    public async Task PutFileAsync_missingSource_namesTheFile()
    {
        var missing = Path.Combine(temp.Path, "nope.txt");

        var error = await Assert.ThrowsAsync<MLCycleException>(() => artifacts.PutFileAsync(runId, "a.txt", missing));

        Assert.Contains(missing, error.Message);
    }

    [Fact]
    public void List_runWithoutArtifacts_isEmpty() => Assert.Empty(artifacts.List(runId));

    private string WriteSource(string name, string content)
    {
        var path = Path.Combine(temp.Path, name);
        File.WriteAllText(path, content);
        return path;
    }
}
