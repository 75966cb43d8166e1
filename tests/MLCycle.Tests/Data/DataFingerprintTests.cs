using MLCycle.Data;

namespace MLCycle.Tests.Data;

public sealed class DataFingerprintTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task ComputeAsync_is_the_sha256_of_the_bytes_in_lower_hex()
    {
        var path = _temp.Write("abc.csv", "abc");

        var hash = await DataFingerprint.ComputeAsync(path);

        // SHA-256("abc") from FIPS 180-2, appendix B.1.
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", hash);
    }

    [Fact]
    public async Task ComputeAsync_changes_when_one_byte_changes()
    {
        var a = await DataFingerprint.ComputeAsync(_temp.Write("a.csv", "x\n1\n"));
        var b = await DataFingerprint.ComputeAsync(_temp.Write("b.csv", "x\n2\n"));

        Assert.NotEqual(a, b);
    }

    [Fact]
    public async Task ComputeAsync_missing_file_names_the_path()
    {
        var path = _temp.Path("gone.csv");

        var error = await Assert.ThrowsAsync<MLCycleException>(() => DataFingerprint.ComputeAsync(path));

        Assert.Contains(path, error.Message);
    }
}
