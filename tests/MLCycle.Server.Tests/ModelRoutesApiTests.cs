using System.Net;
using System.Text.Json;
using MLCycle.Registry;

namespace MLCycle.Server.Tests;

/// <summary>GET /api/v1/models/{name}/routes: a model's shadow and canary routes for whoever may read the model, as
/// <c>mlcycle models show</c> lists them.</summary>
public sealed class ModelRoutesApiTests : IAsyncLifetime
{
    private ApprovalServer server = null!;

    public async Task InitializeAsync() => server = await ApprovalServer.StartAsync();

    public async Task DisposeAsync() => await server.DisposeAsync();

    [Fact]
    public async Task Routes_ofAModelWithACanaryAndAShadow_listsBothForAReader()
    {
        var none = await server.SendAsync("reader", HttpMethod.Get, "/api/v1/models/churn/routes");
        await server.Store.Registry.SetRouteAsync("churn", RouteKind.Shadow, ModelReference.ForVersion("churn", 2), null, "dana");
        await server.Store.Registry.SetAliasAsync("churn", "challenger", 2, "dana");
        await server.Store.Registry.SetRouteAsync("churn", RouteKind.Canary, ModelReference.ForAlias("churn", "challenger"), 12.5, "dana");

        var routes = await server.SendAsync("reader", HttpMethod.Get, "/api/v1/models/churn/routes");
        var unknown = await server.SendAsync("dana", HttpMethod.Get, "/api/v1/models/housing/routes");

        Assert.Equal(HttpStatusCode.OK, none.StatusCode);
        Assert.Equal("[]", await none.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, routes.StatusCode);
        using var listed = JsonDocument.Parse(await routes.Content.ReadAsStringAsync());
        var byKind = listed.RootElement.EnumerateArray().ToDictionary(r => r.GetProperty("kind").GetString()!, StringComparer.OrdinalIgnoreCase);
        Assert.Equal(2, byKind.Count);
        Assert.Equal(2, byKind["shadow"].GetProperty("version").GetInt32());
        Assert.Equal(("challenger", 12.5, "dana"), (byKind["canary"].GetProperty("alias").GetString(), byKind["canary"].GetProperty("sharePercent").GetDouble(),
            byKind["canary"].GetProperty("actor").GetString()));
        // dana administers churn only: another model's routes are refused, whether or not it exists.
        Assert.Equal(HttpStatusCode.Forbidden, unknown.StatusCode);
    }

    // A name no grant can hold is refused by the policy (a problem body); Kestrel itself refuses a NUL in the path.
    [Theory]
    [InlineData("churn%0A", HttpStatusCode.Forbidden)]
    [InlineData("%E2%80%AEchurn", HttpStatusCode.Forbidden)]
    [InlineData("churn%00", HttpStatusCode.BadRequest)]
    public async Task Routes_ofANameWithControlOrFormatCharacters_isRefusedNeverAServerError(string escaped, HttpStatusCode expected)
    {
        var response = await server.SendAsync("dana", HttpMethod.Get, $"/api/v1/models/{escaped}/routes");

        Assert.Equal(expected, response.StatusCode);
        if (expected == HttpStatusCode.Forbidden) Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
