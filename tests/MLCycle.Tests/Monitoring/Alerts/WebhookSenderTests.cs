using MLCycle.Monitoring.Alerts;

namespace MLCycle.Tests.Monitoring.Alerts;

public sealed class WebhookSenderTests
{
    private static readonly Alert Drift = new("churn", 3, AlertKind.Drift, "2 of 19 features drifted: tenure, contract",
        new Dictionary<string, object?> { ["drifted"] = new[] { "tenure", "contract" } }, new DateTimeOffset(2026, 12, 5, 8, 0, 0, TimeSpan.Zero));

    private static readonly WebhookOptions Quick = new() { Attempts = 4, FirstDelay = TimeSpan.FromMilliseconds(200), Timeout = TimeSpan.FromSeconds(5) };

    [Fact]
    public async Task SendAsync_receiverFailsTwiceThenAccepts_deliversOnTheThirdAttemptWithGrowingBackoff()
    {
        await using var receiver = await WebhookReceiver.StartAsync(failFirst: 2, failStatus: 503);
        using var sender = Loopback(Quick);

        var delivery = await sender.SendAsync(receiver.Url, Drift);

        Assert.True(delivery.Delivered, delivery.Error);
        Assert.Equal((3, 204), (delivery.Attempts, delivery.Status));
        Assert.Equal(3, receiver.Calls);
        var times = receiver.Times;
        Assert.InRange((times[1] - times[0]).TotalMilliseconds, 180, 5000);
        Assert.InRange((times[2] - times[1]).TotalMilliseconds, 380, 5000);
        var body = Assert.Single(receiver.Accepted);
        Assert.Equal(("churn", 3, "drift"), (body.GetProperty("model").GetString(), body.GetProperty("version").GetInt32(), body.GetProperty("kind").GetString()));
        Assert.Equal(["tenure", "contract"], body.GetProperty("details").GetProperty("drifted").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(Drift.At, body.GetProperty("at").GetDateTimeOffset());
    }

    [Fact]
    public async Task SendAsync_tooManyRequests_isRetried()
    {
        await using var receiver = await WebhookReceiver.StartAsync(failFirst: 1, failStatus: 429);
        using var sender = Loopback(Quick);

        var delivery = await sender.SendAsync(receiver.Url, Drift);

        Assert.Equal((true, 2), (delivery.Delivered, delivery.Attempts));
    }

    [Theory]
    [InlineData(400)]
    [InlineData(404)]
    [InlineData(302)]
    public async Task SendAsync_clientErrorOrRedirect_isNotRetriedNorFollowed(int status)
    {
        await using var receiver = await WebhookReceiver.StartAsync(failFirst: 10, failStatus: status);
        using var sender = Loopback(Quick);

        var delivery = await sender.SendAsync(receiver.Url, Drift);

        Assert.Equal((false, 1, status), (delivery.Delivered, delivery.Attempts, delivery.Status));
        Assert.Equal(1, receiver.Calls);
        if (status == 302) Assert.Contains("redirects are not followed", delivery.Error);
    }

    [Fact]
    public async Task SendAsync_receiverAlwaysFailing_stopsAfterTheLastAttempt()
    {
        await using var receiver = await WebhookReceiver.StartAsync(failFirst: 100, failStatus: 500);
        using var sender = Loopback(Quick with { Attempts = 3, FirstDelay = TimeSpan.FromMilliseconds(20) });

        var delivery = await sender.SendAsync(receiver.Url, Drift);

        Assert.Equal((false, 3, 500), (delivery.Delivered, delivery.Attempts, delivery.Status));
        Assert.Equal(3, receiver.Calls);
    }

    [Fact]
    public async Task SendAsync_receiverTooSlow_timesOutEachAttempt()
    {
        await using var receiver = await WebhookReceiver.StartAsync(delay: TimeSpan.FromSeconds(3));
        using var sender = Loopback(new WebhookOptions { Attempts = 2, FirstDelay = TimeSpan.FromMilliseconds(20), Timeout = TimeSpan.FromMilliseconds(300) });

        var delivery = await sender.SendAsync(receiver.Url, Drift);

        Assert.Equal((false, 2), (delivery.Delivered, delivery.Attempts));
        Assert.Contains("no answer within 0.3 s", delivery.Error);
    }

    [Fact]
    public async Task SendAsync_loopbackWithoutPrivateAllowed_makesNoRequest()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        using var sender = new WebhookSender(new WebhookAllowList(new WebhookPolicy { AllowedHosts = ["127.0.0.1"] }), Quick);

        var delivery = await sender.SendAsync(receiver.Url, Drift);

        Assert.Equal((false, 0), (delivery.Delivered, delivery.Attempts));
        Assert.Contains("plain http is refused", delivery.Error);
        Assert.Equal(0, receiver.Calls);
    }

    private static WebhookSender Loopback(WebhookOptions options) => new(new WebhookAllowList(new WebhookPolicy { AllowPrivate = true }), options);
}
