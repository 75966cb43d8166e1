using MLCycle.Registry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using MLCycle.Access;
using MLCycle.Data;
using MLCycle.Monitoring;
using MLCycle.Profiling.Drift;
using MLCycle.Server;
using MLCycle.Storage;
using MLCycle.Tracking;

namespace MLCycle.Dashboard.Tests;

/// <summary>
/// A real server on a free loopback port over a SQLite store seeded through the store's API: experiment "churn-exp" with six
/// runs (lightgbm and fasttree alternating, auc 0.70 to 0.85, a loss logged over five steps, a report.html each), experiment
/// "fraud-exp" with two, model "churn" with versions 1 and 2 and champion (protected) on 1 through a request of alice
/// approved by bob, run-4 (version 2) with test metrics beside the champion's, and two drift checks of churn recorded by monitoring
/// (v1 without drift, then v2 with tenure drifted at PSI 0.31). Users: "alice" (admin), "bob" (approver on
/// churn, reader everywhere), "dave" (reader, for lockout), "erin" (reader of fraud-exp only). And headless Debian chromium driven by Playwright.
/// </summary>
public sealed class DashboardServer : IAsyncLifetime
{
    /// <summary>Debian's chromium, installed by .ci/run; MLCYCLE_CHROMIUM points elsewhere.</summary>
    public static string ChromiumPath => Environment.GetEnvironmentVariable("MLCYCLE_CHROMIUM") ?? "/usr/bin/chromium";

    private readonly string folder = Path.Combine(Path.GetTempPath(), "mlcycle-dashboard-tests", Guid.NewGuid().ToString("N"));
    private WebApplication? app;
    private IPlaywright? playwright;

    public MLCycleStore Store { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;
    public Uri Address { get; private set; } = null!;
    public Dictionary<string, string> Tokens { get; } = new(StringComparer.Ordinal);

    /// <summary>The run ids of churn-exp by name ("run-0" ... "run-5").</summary>
    public Dictionary<string, string> Runs { get; } = new(StringComparer.Ordinal);

    public async Task InitializeAsync()
    {
        Store = await MLCycleStore.OpenAsync(folder);
        Tokens["alice"] = (await Store.Users.AddUserAsync("alice", admin: true, "fixture")).Token;
        Tokens["bob"] = (await Store.Users.AddUserAsync("bob", admin: false, "fixture")).Token;
        await Store.Users.GrantAsync("bob", new Grant(GrantScope.Global, "", Role.Reader), "fixture");
        await Store.Users.GrantAsync("bob", new Grant(GrantScope.Model, "churn", Role.Approver), "fixture");
        Tokens["dave"] = (await Store.Users.AddUserAsync("dave", admin: false, "fixture")).Token;
        await Store.Users.GrantAsync("dave", new Grant(GrantScope.Global, "", Role.Reader), "fixture");
        Tokens["erin"] = (await Store.Users.AddUserAsync("erin", admin: false, "fixture")).Token;
        await Store.Users.GrantAsync("erin", new Grant(GrantScope.Experiment, "fraud-exp", Role.Reader), "fixture");
        await SeedRunsAsync();

        app = await ServerApp.BuildAsync(new ServerOptions { StoreDirectory = folder, Urls = "http://127.0.0.1:0" });
        await app.StartAsync();
        Address = new Uri(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single());

        await Store.Registry.CreateModelVersionAsync("churn", Runs["run-2"], $"{Runs["run-2"]}/model");
        await Store.Registry.CreateModelVersionAsync("churn", Runs["run-4"], $"{Runs["run-4"]}/model");
        // A store with users protects champion: even the first champion moves through a request that a second user approves.
        var first = await Store.Promotions.RequestAsync(new PromotionRequest { Name = "churn", Version = 1, Requester = "alice", Reason = "first model" });
        await Store.Promotions.ApproveAsync(first.Id, RegistryActor.User(await AccessAsync("bob")), "first model");
        await RecordDriftAsync(1, ("tenure", 0.04), ("charges", 0.02));
        // Two checks in the same millisecond would have no order to show.
        await Task.Delay(20);
        await RecordDriftAsync(2, ("tenure", 0.31), ("charges", 0.05));

        playwright = await Playwright.CreateAsync();
        // Chromium refuses to run as root with its sandbox; the browser only ever opens this test's own server.
        Browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = ChromiumPath, Headless = true, Args = ["--no-sandbox"] });
    }

    /// <summary>What <paramref name="user"/> may do, as its token verifies, to act as that user through the store.</summary>
    public async Task<UserAccess> AccessAsync(string user) =>
        await new TokenVerifier(Store.Users).VerifyAsync(Tokens[user]) ?? throw new InvalidOperationException($"{user}'s token did not verify");

    /// <summary>A fresh browser context (its own cookies) with a page logged in as <paramref name="user"/>.</summary>
    public async Task<IPage> LoggedInPageAsync(string user)
    {
        var page = await NewPageAsync();
        await page.GotoAsync("/login");
        await page.GetByLabel("User name").FillAsync(user);
        await page.GetByLabel("Password").FillAsync(Tokens[user]);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
        await page.WaitForURLAsync("**/runs");
        return page;
    }

    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new() { BaseURL = Address.ToString().TrimEnd('/') });
        return await context.NewPageAsync();
    }

    /// <summary>Records a drift check of churn as <c>mlcycle monitor</c> does, a column drifting at PSI 0.2 or more.</summary>
    private async Task RecordDriftAsync(int version, params (string Column, double Psi)[] columns)
    {
        var features = columns.Select(c => new FeatureDrift { Name = c.Column, Kind = ColumnKind.Numeric, Psi = c.Psi, Drifted = c.Psi >= 0.2 }).ToList();
        var drifted = features.Where(f => f.Drifted).Select(f => f.Name).ToList();
        var drift = new DriftReport
        {
            Features = features, ReferenceRows = 1000, CurrentRows = 500, PsiThreshold = 0.2, AnyDrift = drifted.Count > 0, DriftedFeatures = drifted,
        };
        await DriftHistory.RecordAsync(Store.Tracking, new MonitorReport("churn", version, "scored.csv", 500, 0, drift));
    }

    private async Task SeedRunsAsync()
    {
        var report = Path.Combine(folder, "seed-report.html");
        for (int i = 0; i < 6; i++)
        {
            var run = await Store.Tracking.CreateRunAsync("churn-exp", $"run-{i}");
            Runs[run.Name!] = run.RunId;
            var loss = Enumerable.Range(0, 5).Select(step => new Metric("loss", 1.0 / (step + 1) + i * 0.01, step, DateTimeOffset.UtcNow)).ToList();
            // Cross-validation metrics are logged with the fold as the step, as a run of a spec does.
            var folds = Enumerable.Range(0, 3).Select(fold => new Metric("cv.lightgbm.auc", 0.7 + 0.01 * fold, fold, DateTimeOffset.UtcNow)).ToList();
            await Store.Tracking.LogBatchAsync(run.RunId, [new Metric("auc", 0.70 + 0.03 * i), .. loss, .. folds],
                [new Param("algorithm", i % 2 == 0 ? "lightgbm" : "fasttree"), new Param("seed", "42")]);
            await File.WriteAllTextAsync(report, $"<!DOCTYPE html><html><body><h1>Report of run-{i}</h1></body></html>");
            await Store.Artifacts.PutFileAsync(run.RunId, "report.html", report);
            if (i == 2)
            {
                await File.WriteAllTextAsync(report, "<!DOCTYPE html><html><body><h1>Model card of churn v1</h1></body></html>");
                await Store.Artifacts.PutFileAsync(run.RunId, "model_card.html", report);
            }
            if (i == 4)
            {
                // Version 2's run compared itself with champion v1 on the same test rows: the evidence an approver reads.
                await Store.Tracking.LogBatchAsync(run.RunId, [new Metric("test.auc", 0.82), new Metric("champion.test.auc", 0.76)], null,
                    [new RunTag(PromotionEvidence.ChampionVersionTag, "1"), new RunTag("gates", "auc >= 0.7: passed")]);
            }
            await Store.Tracking.EndRunAsync(run.RunId, RunStatus.Finished);
        }
        for (int i = 0; i < 2; i++)
        {
            var run = await Store.Tracking.CreateRunAsync("fraud-exp", $"fraud-{i}");
            await Store.Tracking.LogBatchAsync(run.RunId, [new Metric("auc", 0.99)], [new Param("algorithm", "lightgbm")]);
            await Store.Tracking.EndRunAsync(run.RunId, RunStatus.Finished);
        }
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        playwright?.Dispose();
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
        if (Store is not null) await Store.DisposeAsync();
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // Litter in the temp folder must not fail the run.
        }
    }
}
