using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using MLCycle.Server.Auth;

namespace MLCycle.Server.Tests;

/// <summary>Tokens, the predictions switch, the throttle on wrong tokens, and the audit lines a refusal or a write leaves.</summary>
public sealed class AccessTests
{
    private static HttpRequestMessage Predict(string model = "churn") =>
        new(HttpMethod.Post, $"/v1/models/{model}/predict") { Content = JsonContent.Create(new { rows = new[] { new { tenure = 1 } } }) };

    [Fact]
    public async Task Predict_tokenRequired_anonymousIs401ProblemWithChallenge_readerPasses()
    {
        await using var server = await AccessServer.StartAsync(requireToken: true);

        using var anonymous = await server.SendAsAsync("anonymous", Predict());
        using var reader = await server.SendAsAsync("reader", Predict());

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("Bearer", anonymous.Headers.WwwAuthenticate.Single().Scheme);
        using var problem = JsonDocument.Parse(await anonymous.Content.ReadAsStringAsync());
        Assert.Contains("Authorization: Bearer TOKEN", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        // No model is registered: the reader got past authorization to the route, which answers 404.
        Assert.Equal(HttpStatusCode.NotFound, reader.StatusCode);
    }

    [Fact]
    public async Task Predict_openOnLoopback_wrongTokenIsStill401()
    {
        await using var server = await AccessServer.StartAsync();
        using var request = Predict();
        request.Headers.Authorization = new("Bearer", "mlc_000000000000_" + new string('A', 43));

        using var response = await server.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("not recognised", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Request_readerOfAnotherModel_is403NamingTheRoleAndIsAudited()
    {
        await using var server = await AccessServer.StartAsync(requireToken: true);

        using var response = await server.SendAsAsync("outsider", Predict());

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("User 'outsider' needs the role reader or higher on model 'churn'; an admin grants it with 'mlcycle users grant'.",
            problem.RootElement.GetProperty("detail").GetString());
        var denied = (await server.Store.Audit.ReadAsync()).Single(e => !e.Allowed);
        Assert.Equal(("outsider", "127.0.0.1", "POST /v1/models/{reference}/predict", "/v1/models/churn/predict", (int?)403),
            (denied.Actor, denied.Address, denied.Action, denied.Target, denied.Status));
    }

    [Fact]
    public async Task Request_afterTenWrongTokensFromOneAddress_is429EvenWithAGoodToken()
    {
        await using var server = await AccessServer.StartAsync();
        for (var i = 0; i < FailedTokenThrottle.MaxFailures; i++)
        {
            using var wrong = new HttpRequestMessage(HttpMethod.Get, "/v1/models");
            wrong.Headers.Authorization = new("Bearer", $"guess-{i}");
            using var refused = await server.Client.SendAsync(wrong);
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        using var locked = await server.SendAsAsync("admin", new HttpRequestMessage(HttpMethod.Get, "/v1/models"));
        using var health = await server.Client.GetAsync("/health");

        Assert.Equal(HttpStatusCode.TooManyRequests, locked.StatusCode);
        Assert.InRange(int.Parse(locked.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture), 1, 60);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(FailedTokenThrottle.MaxFailures + 1, (await server.Store.Audit.ReadAsync()).Count(e => !e.Allowed));
    }

    [Fact]
    public async Task ModelList_readerOfOneModel_seesOnlyThatModel()
    {
        await using var server = await AccessServer.StartAsync();
        await RegisterAsync(server, "churn");
        await RegisterAsync(server, "fraud");

        using var reader = await server.SendAsAsync("reader", new HttpRequestMessage(HttpMethod.Get, "/v1/models"));
        using var admin = await server.SendAsAsync("admin", new HttpRequestMessage(HttpMethod.Get, "/v1/models"));

        Assert.Equal(["churn"], await NamesAsync(reader));
        Assert.Equal(["churn", "fraud"], await NamesAsync(admin));
    }

    [Fact]
    public async Task WriteRoute_allowedCall_isAuditedWithWhoAndTheRoutesBeforeAndAfter()
    {
        await using var server = await AccessServer.StartAsync(map: app =>
            app.MapPost("/v1/models/{reference}/description", (HttpContext context) =>
            {
                context.Features.Set(new AuditNote("churn", """{"description":null}""", """{"description":"new"}"""));
                return TypedResults.NoContent();
            }).RequireAuthorization(Policies.Editor));

        using var editor = await server.SendAsAsync("editor", new HttpRequestMessage(HttpMethod.Post, "/v1/models/churn/description"));
        using var reader = await server.SendAsAsync("reader", new HttpRequestMessage(HttpMethod.Post, "/v1/models/churn/description"));

        Assert.Equal(HttpStatusCode.NoContent, editor.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, reader.StatusCode);
        var requests = (await server.Store.Audit.ReadAsync()).Where(e => e.Action.StartsWith("POST", StringComparison.Ordinal)).ToList();
        Assert.Equal([("editor", true, (int?)204), ("reader", false, (int?)403)], requests.Select(e => (e.Actor, e.Allowed, e.Status)));
        Assert.Equal(("churn", """{"description":null}""", """{"description":"new"}"""), (requests[0].Target, requests[0].BeforeJson, requests[0].AfterJson));
    }

    [Fact]
    public async Task WriteRoute_failingByKind_isAuditedWithTheStatusTheCallerGets()
    {
        await using var server = await AccessServer.StartAsync(map: app =>
            app.MapDelete("/v1/models/{reference}", IResult () => throw new NotFoundException("No model 'churn'."))
                .RequireAuthorization(Policies.Admin));

        using var response = await server.SendAsAsync("admin", new HttpRequestMessage(HttpMethod.Delete, "/v1/models/churn"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var entry = (await server.Store.Audit.ReadAsync()).Single(e => e.Action.StartsWith("DELETE", StringComparison.Ordinal));
        Assert.Equal(("admin", true, (int?)404), (entry.Actor, entry.Allowed, entry.Status));
    }

    [Theory]
    [InlineData("http://127.0.0.1:5080", true)]
    [InlineData("http://localhost:5080;http://[::1]:5080", true)]
    [InlineData("http://0.0.0.0:5080", false)]
    [InlineData("http://10.1.2.3:5080", false)]
    [InlineData("http://127.0.0.1:5080;http://192.168.1.5:5080", false)]
    public void OnlyLoopback_listenUrls_decideWhetherPredictionsNeedATokenByDefault(string urls, bool loopback)
    {
        Assert.Equal(loopback, AllowedHosts.OnlyLoopback(urls));
    }

    private static async Task RegisterAsync(AccessServer server, string name)
    {
        var run = await server.Store.Tracking.CreateRunAsync("access-tests", name);
        await server.Store.Registry.CreateModelVersionAsync(name, run.RunId, $"{run.RunId}/model");
    }

    private static async Task<List<string?>> NamesAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return [.. json.RootElement.GetProperty("models").EnumerateArray().Select(m => m.GetProperty("name").GetString())];
    }
}
