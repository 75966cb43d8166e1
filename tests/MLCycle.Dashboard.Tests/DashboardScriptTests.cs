using System.Net.Http.Headers;
using Microsoft.Playwright;
using MLCycle.Tracking;
using static Microsoft.Playwright.Assertions;

namespace MLCycle.Dashboard.Tests;

/// <summary>Stored cross-site scripting: text from users (run names, params, tags, metric keys in charts, uploaded artifacts)
/// must stay text in the pages, and a script smuggled into a page anyway must not run under the dashboard's policy.</summary>
public sealed class DashboardScriptTests(DashboardServer server) : IClassFixture<DashboardServer>
{
    private const string Payload = "\"><img src=x onerror=alert('attr')></style></svg>]]><script>alert('text')</script>";

    [Fact]
    public async Task Pages_show_hostile_run_text_as_text_and_no_script_runs()
    {
        var run = await server.Store.Tracking.CreateRunAsync("xss-exp", Payload);
        var history = Enumerable.Range(0, 3).Select(step => new Metric("m<script>alert('chart')</script>", 0.1 * step, step, DateTimeOffset.UtcNow)).ToList();
        await server.Store.Tracking.LogBatchAsync(run.RunId, [.. history, new Metric("auc", 0.5)], [new Param("p</style><svg onload=alert('key')>", Payload)],
            [new RunTag("link", "javascript:alert('tag')")]);
        var page = await server.LoggedInPageAsync("alice");
        var dialogs = new List<string>();
        page.Dialog += async (_, dialog) => { dialogs.Add(dialog.Message); await dialog.DismissAsync(); };
        var refused = new List<string>();
        page.Console += (_, message) => { if (message.Text.Contains("Content Security Policy", StringComparison.Ordinal)) refused.Add(message.Text); };

        await page.GotoAsync("/runs?experiment=xss-exp");
        await Expect(page.Locator("table.runs tbody th a")).ToHaveTextAsync(Payload);
        await page.GotoAsync($"/runs/{run.RunId}");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Run " + Payload);
        await Expect(page.Locator("#params-h + table")).ToContainTextAsync(Payload);
        await Expect(page.GetByRole(AriaRole.Img, new() { Name = "m<script>alert('chart')</script> by step" })).ToBeVisibleAsync();
        await page.GotoAsync($"/compare?ids={run.RunId},{server.Runs["run-0"]}");
        await Expect(page.Locator("table.compare thead th").Nth(1)).ToHaveTextAsync(Payload);

        Assert.Empty(dialogs);
        Assert.Equal(0, await page.Locator("img, script, svg[onload]").CountAsync());
        // The pages need nothing the policy forbids: their stylesheet and inline charts load without a refusal.
        Assert.Empty(refused);
    }

    [Fact]
    public async Task Script_smuggled_into_a_page_is_refused_by_the_content_security_policy()
    {
        var page = await server.LoggedInPageAsync("alice");
        var dialogs = new List<string>();
        page.Dialog += async (_, dialog) => { dialogs.Add(dialog.Message); await dialog.DismissAsync(); };
        // As if a rendering bug let stored text through: the page as served, with its headers, plus a script and a handler.
        await page.RouteAsync("**/runs?experiment=churn-exp", async route =>
        {
            var served = await route.FetchAsync();
            var body = (await served.TextAsync()).Replace("<main", "<script>alert('inline')</script><img src=x onerror=\"alert('handler')\"><main", StringComparison.Ordinal);
            await route.FulfillAsync(new() { Response = served, Body = body });
        });

        await page.GotoAsync("/runs?experiment=churn-exp");
        await Expect(page.Locator("table.runs tbody tr")).ToHaveCountAsync(6);

        Assert.Empty(dialogs);
    }

    [Fact]
    public async Task Pages_and_artifacts_carry_their_policies_and_downloads_are_attachments()
    {
        using var http = new HttpClient { BaseAddress = server.Address };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", server.Tokens["alice"]);
        var run = await server.Store.Tracking.CreateRunAsync("uploads-exp", "uploads");
        var svg = Path.GetTempFileName();
        await File.WriteAllTextAsync(svg, "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(document.cookie)\"/>");
        await server.Store.Artifacts.PutFileAsync(run.RunId, "evil.svg", svg);
        File.Delete(svg);

        using var login = await http.GetAsync("/login");
        Assert.Equal(
            "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
            Single(login, "Content-Security-Policy"));
        Assert.Equal("nosniff", Single(login, "X-Content-Type-Options"));

        using var report = await http.GetAsync($"/runs/{server.Runs["run-0"]}/artifacts/report.html");
        Assert.Equal("text/html", report.Content.Headers.ContentType!.MediaType);
        Assert.StartsWith("sandbox;", Single(report, "Content-Security-Policy"), StringComparison.Ordinal);
        using var image = await http.GetAsync($"/runs/{run.RunId}/artifacts/evil.svg");
        Assert.Equal("image/svg+xml", image.Content.Headers.ContentType!.MediaType);
        Assert.StartsWith("sandbox;", Single(image, "Content-Security-Policy"), StringComparison.Ordinal);
        Assert.Equal("nosniff", Single(image, "X-Content-Type-Options"));

        using var download = await http.GetAsync($"/api/v1/runs/{run.RunId}/artifacts/download?path=evil.svg");
        Assert.Equal("application/octet-stream", download.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal("nosniff", Single(download, "X-Content-Type-Options"));
    }

    private static string Single(HttpResponseMessage response, string header) =>
        response.Headers.TryGetValues(header, out var values) || response.Content.Headers.TryGetValues(header, out values)
            ? Assert.Single(values)
            : throw new Xunit.Sdk.XunitException($"{(int)response.StatusCode} {response.RequestMessage!.RequestUri} has no {header} header.");
}
