namespace MLCycle.Server.Tests;

public sealed class AllowedHostsTests
{
    [Theory]
    [InlineData("http://127.0.0.1:5080", "localhost,127.0.0.1,[::1]")]
    [InlineData("http://localhost:5080", "localhost,127.0.0.1,[::1]")]
    [InlineData("http://[::1]:5080", "localhost,127.0.0.1,[::1]")]
    [InlineData("http://10.1.2.3:5080", "10.1.2.3")]
    [InlineData("http://models.internal:80;http://127.0.0.1:5080", "models.internal,localhost,127.0.0.1,[::1]")]
    [InlineData("http://0.0.0.0:5080", "*")]
    [InlineData("http://[::]:5080", "*")]
    [InlineData("http://*:5080", "*")]
    public void For_listenUrls_answersTheNamesThatReachThem(string urls, string expected)
    {
        Assert.Equal(expected.Split(','), AllowedHosts.For(urls));
    }
}
