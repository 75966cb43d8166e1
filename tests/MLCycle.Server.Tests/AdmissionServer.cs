using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using MLCycle.Monitoring;
using MLCycle.Server.Admission;

namespace MLCycle.Server.Tests;

/// <summary>A server of its own over the shared test store, with the admission limits a test sets, for the prediction and API
/// admission tests; and the refusal counter read from a /metrics scrape.</summary>
internal sealed record AdmissionServer(WebApplication App, HttpClient Client) : IAsyncDisposable
{
    public AdmissionControl Admission => App.Services.GetRequiredService<AdmissionControl>();

    public PredictionLogWriter Log => App.Services.GetRequiredService<PredictionLogWriter>();

    public static async Task<AdmissionServer> StartAsync(ServerFixture fixture, AdmissionOptions admission, PredictionLogWriterOptions? log = null)
    {
        var app = await ServerApp.BuildAsync(new ServerOptions
        {
            StoreDirectory = fixture.StoreDirectory, Urls = "http://127.0.0.1:0", Admission = admission, PredictionLog = log ?? new PredictionLogWriterOptions(),
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        return new AdmissionServer(app, new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(60) });
    }

    /// <summary>The value of <c>mlcycle_requests_rejected_total{reason}</c> in <paramref name="scrape"/>, 0 when absent.</summary>
    public static double Rejected(string scrape, string reason)
    {
        var series = $"mlcycle_requests_rejected_total{{reason=\"{reason}\"}} ";
        var line = scrape.Split('\n').FirstOrDefault(l => l.StartsWith(series, StringComparison.Ordinal));
        return line is null ? 0 : double.Parse(line[series.Length..], CultureInfo.InvariantCulture);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
