using System.Net;
using MLCycle.Monitoring.Alerts;

namespace MLCycle.Tests.Monitoring.Alerts;

public sealed class WebhookAllowListTests
{
    private static readonly Uri Hooks = new("https://hooks.example/ml");

    [Theory]
    [InlineData("8.8.8.8", true)]
    [InlineData("172.32.0.1", true)]
    [InlineData("2606:4700::1111", true)]
    [InlineData("::ffff:8.8.8.8", true)]
    [InlineData("10.0.0.1", false)]
    [InlineData("172.16.5.4", false)]
    [InlineData("192.168.1.1", false)]
    [InlineData("127.0.0.1", false)]
    [InlineData("127.8.9.10", false)]
    [InlineData("169.254.169.254", false)]
    [InlineData("100.64.0.1", false)]
    [InlineData("0.0.0.0", false)]
    [InlineData("224.0.0.1", false)]
    [InlineData("255.255.255.255", false)]
    [InlineData("::1", false)]
    [InlineData("::", false)]
    [InlineData("fe80::1", false)]
    [InlineData("fc00::1", false)]
    [InlineData("fd12:3456::1", false)]
    [InlineData("ff02::1", false)]
    [InlineData("::ffff:127.0.0.1", false)]
    [InlineData("::ffff:169.254.169.254", false)]
    [InlineData("64:ff9b::a00:1", false)]
    [InlineData("2002:7f00:1::", false)]
    [InlineData("2002:808:808::", true)]
    public void IsPublic_address_isClassified(string address, bool expected) =>
        Assert.Equal(expected, WebhookAllowList.IsPublic(IPAddress.Parse(address)));

    [Fact]
    public async Task Refusal_listedHttpsHostWithPublicAddresses_isNull()
    {
        var list = With(new WebhookPolicy { AllowedHosts = ["hooks.example"] }, "93.184.216.34", "2606:2800:220:1::1");

        Assert.Null(await list.RefusalAsync(Hooks));
    }

    [Fact]
    public async Task Refusal_hostNotListed_namesTheFlagToAddIt()
    {
        var refusal = await With(new WebhookPolicy { AllowedHosts = ["other.example"] }, "93.184.216.34").RefusalAsync(Hooks);

        Assert.Contains("'hooks.example' is not on the allow-list; add --allow-webhook hooks.example", refusal);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("::ffff:10.1.2.3")]
    [InlineData("169.254.169.254")]
    public async Task Refusal_listedNameResolvingToAPrivateAddress_isRefusedNamingTheAddress(string address)
    {
        // One public address is not enough: every address the name resolves to is checked.
        var refusal = await With(new WebhookPolicy { AllowedHosts = ["hooks.example"] }, "93.184.216.34", address).RefusalAsync(Hooks);

        Assert.Contains($"resolves to {IPAddress.Parse(address)}", refusal);
        Assert.Contains("--allow-private-webhooks", refusal);
    }

    [Fact]
    public async Task Refusal_localhostByRealDns_isRefusedUnlessPrivateIsAllowed()
    {
        var url = new Uri("https://localhost:9443/hook");

        var refused = await new WebhookAllowList(new WebhookPolicy { AllowedHosts = ["localhost"] }).RefusalAsync(url);
        var allowed = await new WebhookAllowList(new WebhookPolicy { AllowPrivate = true }).RefusalAsync(url);

        Assert.Contains("loopback, private or link-local", refused);
        Assert.Null(allowed);
    }

    [Fact]
    public async Task Refusal_plainHttp_isRefusedUnlessPrivateIsAllowed()
    {
        var url = new Uri("http://hooks.example/ml");

        var refused = await With(new WebhookPolicy { AllowedHosts = ["hooks.example"] }, "93.184.216.34").RefusalAsync(url);
        var allowed = await With(new WebhookPolicy { AllowedHosts = ["hooks.example"], AllowPrivate = true }, "93.184.216.34").RefusalAsync(url);

        Assert.Contains("plain http is refused", refused);
        Assert.Null(allowed);
    }

    [Fact]
    public async Task Refusal_privateAllowedButPublicHostUnlisted_isStillRefused()
    {
        var refusal = await With(new WebhookPolicy { AllowPrivate = true }, "93.184.216.34").RefusalAsync(Hooks);

        Assert.Contains("not on the allow-list", refusal);
    }

    [Fact]
    public async Task Refusal_ipv6LiteralLoopback_isRefused()
    {
        var refusal = await new WebhookAllowList(new WebhookPolicy { AllowedHosts = ["[::1]"] }).RefusalAsync(new Uri("https://[::1]/hook"));

        Assert.Contains("resolves to ::1", refusal);
    }

    [Fact]
    public async Task Refusal_hostThatDoesNotResolve_saysSo()
    {
        var list = new WebhookAllowList(new WebhookPolicy { AllowedHosts = ["hooks.example"] },
            (_, _) => throw new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.HostNotFound));

        Assert.Contains("does not resolve", await list.RefusalAsync(Hooks));
    }

    private static WebhookAllowList With(WebhookPolicy policy, params string[] addresses) =>
        new(policy, (_, _) => Task.FromResult(addresses.Select(IPAddress.Parse).ToArray()));
}
