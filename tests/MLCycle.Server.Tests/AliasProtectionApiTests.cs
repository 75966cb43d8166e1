using System.Net;
using System.Text;
using System.Text.Json;

namespace MLCycle.Server.Tests;

/// <summary>Protecting and unprotecting an alias over REST: admin on the model only, audited, and the alias then moves (or not)
/// without an approval request.</summary>
public sealed class AliasProtectionApiTests : IAsyncLifetime
{
    private ApprovalServer server = null!;

    public async Task InitializeAsync() => server = await ApprovalServer.StartAsync();

    public async Task DisposeAsync() => await server.DisposeAsync();

    [Fact]
    public async Task DeleteProtection_byModelAdmin_letsAnApproverMoveChampionDirectlyAndIsAudited()
    {
        var byApprover = await server.SendAsync("bob", HttpMethod.Delete, "/api/v1/models/churn/aliases/champion/protection");
        var unprotected = await server.SendAsync("dana", HttpMethod.Delete, "/api/v1/models/churn/aliases/champion/protection");
        var moved = await server.SendAsync("bob", HttpMethod.Put, "/api/v1/models/churn/aliases/champion", new { version = 2 });

        Assert.Equal(HttpStatusCode.Forbidden, byApprover.StatusCode);
        Assert.Equal(HttpStatusCode.OK, unprotected.StatusCode);
        var body = await JsonAsync(unprotected);
        Assert.Equal(("churn", "champion", false), (body.GetProperty("model").GetString(), body.GetProperty("alias").GetString(), body.GetProperty("protected").GetBoolean()));
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        var audit = await server.Store.Audit.ReadAsync();
        Assert.Contains(audit, e => e.Action == "models.alias.unprotect" && e.Actor == "dana" && e.Target == "churn@champion");
        Assert.Contains(audit, e => e.Action == "DELETE /api/v1/models/{name}/aliases/{alias}/protection" && e.Actor == "dana" && e.Status == 200
            && e.BeforeJson == """{"protected":true}""" && e.AfterJson == """{"protected":false}""");
        Assert.Contains(audit, e => e.Action == "DELETE /api/v1/models/{name}/aliases/{alias}/protection" && e.Actor == "bob" && e.Status == 403);
    }

    [Fact]
    public async Task PutProtection_byModelAdmin_makesChallengerMoveOnlyThroughRequests_andNonJsonBodiesAre415()
    {
        var protectedNow = await server.SendAsync("dana", HttpMethod.Put, "/api/v1/models/churn/aliases/challenger/protection");
        var direct = await server.SendAsync("bob", HttpMethod.Put, "/api/v1/models/churn/aliases/challenger", new { version = 2 });
        using var text = new HttpRequestMessage(HttpMethod.Put, "/api/v1/models/churn/aliases/challenger/protection")
        {
            Content = new StringContent("yes", Encoding.UTF8, "text/plain"),
        };
        text.Headers.Authorization = new("Bearer", server.TokenOf("dana"));
        var unknown = await server.SendAsync("dana", HttpMethod.Put, "/api/v1/models/nope/aliases/challenger/protection");

        Assert.Equal(HttpStatusCode.OK, protectedNow.StatusCode);
        Assert.True((await JsonAsync(protectedNow)).GetProperty("protected").GetBoolean());
        Assert.Equal(HttpStatusCode.Conflict, direct.StatusCode);
        Assert.True(await server.Store.Promotions.IsProtectedAsync("churn", "challenger"));
        using var refused = await server.Client.SendAsync(text);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Forbidden, unknown.StatusCode);
    }

    [Fact]
    public async Task PutAlias_versionGivenTwice_is400AndMovesNothing()
    {
        // {"version":2,"version":1}: a parser keeping the last would move champion to 1 while the client may have meant 2.
        Assert.Equal(HttpStatusCode.OK, (await server.SendAsync("dana", HttpMethod.Delete, "/api/v1/models/churn/aliases/champion/protection")).StatusCode);
        var before = await server.Store.Registry.ResolveAsync(MLCycle.Registry.ModelReference.ForAlias("churn", "champion"));
        using var twice = new HttpRequestMessage(HttpMethod.Put, "/api/v1/models/churn/aliases/champion")
        {
            Content = new StringContent("""{"version":2,"version":1}""", Encoding.UTF8, "application/json"),
        };
        twice.Headers.Authorization = new("Bearer", server.TokenOf("bob"));

        using var response = await server.Client.SendAsync(twice);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("'version'", await response.Content.ReadAsStringAsync());
        Assert.Equal(before.Version, (await server.Store.Registry.ResolveAsync(MLCycle.Registry.ModelReference.ForAlias("churn", "champion"))).Version);
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
}
