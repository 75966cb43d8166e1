using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MLCycle.Tests.Monitoring.Alerts;

/// <summary>A real webhook on loopback (Kestrel): POST /hook answers <see cref="FailStatus"/> to the first <see cref="FailFirst"/> calls,
/// then 204, and keeps every body it was sent with the time it arrived.</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<(TimeSpan At, string Body)> _calls = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    private WebhookReceiver(int failFirst, int failStatus, TimeSpan delay)
    {
        (FailFirst, FailStatus) = (failFirst, failStatus);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.MapPost("/hook", async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync();
            _calls.Enqueue((_clock.Elapsed, body));
            if (delay > TimeSpan.Zero) await Task.Delay(delay);
            if (_calls.Count <= FailFirst)
            {
                context.Response.StatusCode = FailStatus;
                if (FailStatus is >= 300 and < 400) context.Response.Headers.Location = "http://127.0.0.1:1/elsewhere";
                return;
            }
            context.Response.StatusCode = StatusCodes.Status204NoContent;
        });
    }

    public int FailFirst { get; }
    public int FailStatus { get; }
    public Uri Url { get; private set; } = null!;
    public int Calls => _calls.Count;
    public IReadOnlyList<TimeSpan> Times => _calls.Select(c => c.At).ToList();

    /// <summary>The bodies accepted (after the failures), parsed.</summary>
    public IReadOnlyList<JsonElement> Accepted => _calls.Skip(FailFirst).Select(c => JsonDocument.Parse(c.Body).RootElement.Clone()).ToList();

    public static async Task<WebhookReceiver> StartAsync(int failFirst = 0, int failStatus = 503, TimeSpan delay = default)
    {
        var receiver = new WebhookReceiver(failFirst, failStatus, delay);
        await receiver._app.StartAsync();
        var address = receiver._app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        receiver.Url = new Uri($"{address}/hook");
        return receiver;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
