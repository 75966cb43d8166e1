using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using MLCycle.Server.Auth;

namespace MLCycle.Server.Tests;

/// <summary>
/// Every route the server maps carries a policy: read from the routing table of the real app, each endpoint is called as
/// anonymous, a reader, an editor and an approver of model "churn", a reader of another model, and an admin. A route added
/// without <c>RequireAuthorization(Policies.X)</c> or an explicit <c>AllowAnonymous()</c> fails here.
/// </summary>
public sealed partial class EndpointPolicyTests : IAsyncLifetime
{
    /// <summary>Routes open to anyone on purpose: scrapers, load balancers and orchestrators' probes carry no token (the v2 server
    /// metadata and health too); the dashboard's login and logout, its stylesheet, and "/" (a redirect to /runs) are open so a
    /// browser can reach the login page ("/" appears as "" once trimmed).</summary>
    private static readonly string[] OpenByDesign =
        ["", "/dashboard.css", "/health", "/login", "/login", "/logout", "/metrics", "/v2", "/v2/health/live", "/v2/health/ready"];

    private static readonly string[] Callers = ["anonymous", "reader", "editor", "approver", "outsider", "admin"];

    private AccessServer server = null!;

    public async Task InitializeAsync() => server = await AccessServer.StartAsync();

    public async Task DisposeAsync() => await server.DisposeAsync();

    [Fact]
    public void Endpoints_every_route_has_a_policy_or_is_open_by_design()
    {
        var endpoints = Endpoints();

        Assert.Contains(endpoints, e => e.RoutePattern.RawText == "/v1/models/{reference}/predict");
        // Deciding a request names no model in its route: the policy asks for approver anywhere, the library on the request's model.
        Assert.Equal(Policies.Approver, PolicyOf(endpoints.Single(e => e.RoutePattern.RawText == "/api/v1/approval-requests/{id:long}/approve")));
        Assert.Equal(Policies.Editor, PolicyOf(endpoints.Single(e => e.RoutePattern.RawText == "/api/v1/models/{name}/approval-requests"
            && e.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods.Contains("POST"))));
        // Registering a run's uploaded package: editor on the model (the policy) and on the run's experiment (the handler).
        Assert.Equal(Policies.Editor, PolicyOf(endpoints.Single(e => e.RoutePattern.RawText == "/api/v1/models/{name}/versions"
            && e.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods.Contains("POST"))));
        Assert.Equal(Policies.Approver, PolicyOf(endpoints.Single(e => e.RoutePattern.RawText == "/approvals/{id:long}/approve")));
        // A run's heartbeat renews its lease: editor, as every write to a run (the handler checks the run's experiment).
        Assert.Equal(Policies.Editor, PolicyOf(endpoints.Single(e => e.RoutePattern.RawText == "/api/v1/runs/{run}/heartbeat")));
        Assert.Equal(Policies.Reader, PolicyOf(endpoints.Single(e => e.RoutePattern.RawText == "/approvals")));
        Assert.All(endpoints.Where(e => e.RoutePattern.RawText == "/api/v1/models/{name}/aliases/{alias}/protection"), e => Assert.Equal(Policies.ModelAdmin, PolicyOf(e)));
        Assert.Equal(2, endpoints.Count(e => e.RoutePattern.RawText == "/api/v1/models/{name}/aliases/{alias}/protection"));
        var unguarded = endpoints.Where(e => PolicyOf(e) is null).Select(Describe).ToList();
        Assert.True(unguarded.Count == 0, $"routes without RequireAuthorization(Policies.X) or AllowAnonymous(): {string.Join(", ", unguarded)}");
        var open = endpoints.Where(e => PolicyOf(e) == "open").Select(e => e.RoutePattern.RawText!.TrimEnd('/')).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(OpenByDesign, open);
        Assert.All(endpoints.Select(PolicyOf).Where(p => p != "open"), p => Assert.Contains(p, Policies.All));
    }

    [Fact]
    public async Task Endpoints_called_by_each_role_answer_401_403_or_pass_as_their_policy_says()
    {
        var wrong = new List<string>();
        foreach (var endpoint in Endpoints())
        {
            var policy = PolicyOf(endpoint) ?? "none";
            foreach (var method in endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"])
            {
                foreach (var caller in Callers)
                {
                    using var request = new HttpRequestMessage(new HttpMethod(method), PathOf(endpoint));
                    // Dashboard forms take form posts only (anything else is 415 before authorization), as a browser sends them.
                    if (method is "POST" or "PUT" or "PATCH")
                        request.Content = IsDashboardPage(endpoint) ? new FormUrlEncodedContent([]) : new StringContent("{}", Encoding.UTF8, "application/json");
                    using var response = await server.SendAsAsync(caller, request);
                    var status = (int)response.StatusCode;
                    var expected = Expected(policy, caller, NamesAModel(endpoint), IsDashboardPage(endpoint));
                    var ok = expected == 0 ? status is not (401 or 403) and < 500 : status == expected;
                    if (!ok) wrong.Add($"{method} {endpoint.RoutePattern.RawText} [{policy}] as {caller}: {status}, expected {(expected == 0 ? "to pass" : expected)}");
                    if (status is 401 or 403) Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
                }
            }
        }
        Assert.True(wrong.Count == 0, string.Join(Environment.NewLine, wrong));
    }

    [Fact]
    public async Task OpenApi_document_is_for_readers_and_describes_the_tracking_api()
    {
        var route = Assert.Single(Endpoints(), e => e.RoutePattern.RawText == "/openapi/{documentName}.json");
        using var anonymous = await server.SendAsAsync("anonymous", new HttpRequestMessage(HttpMethod.Get, "/openapi/v1.json"));
        using var reader = await server.SendAsAsync("reader", new HttpRequestMessage(HttpMethod.Get, "/openapi/v1.json"));
        var document = await reader.Content.ReadAsStringAsync();

        Assert.Equal(Policies.Reader, PolicyOf(route));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.OK, reader.StatusCode);
        Assert.Contains("\"/api/v1/runs/{run}/log-batch\"", document);
        Assert.Contains("\"order_by\"", document);
        Assert.Contains("\"run_id\"", document);
        Assert.Contains("\"/api/v1/audit\"", document);
        Assert.Contains("\"/api/v1/runs/{run}/children\"", document);
        Assert.Contains("\"/api/v1/runs/{run}/heartbeat\"", document);
        Assert.Contains("\"lease_expires\"", document);
        Assert.Contains("\"experiment_id\"", document);
    }

    /// <summary>0 when the caller passes the policy; else 401 for no token (a redirect to the login page, 302, on a dashboard
    /// page), 403 for a user without the role.</summary>
    private static int Expected(string policy, string caller, bool namesAModel, bool dashboardPage)
    {
        int Rank(string who) => who switch { "anonymous" => 0, "reader" => 1, "editor" => 2, "approver" => 3, "admin" => 4, _ => 1 };
        var needed = policy switch
        {
            "open" or Policies.Predict => 0, // predictions are open on loopback by default
            Policies.Reader => 1,
            Policies.Editor => 2,
            Policies.Approver => 3,
            _ => 4,
        };
        if (needed == 0) return 0;
        if (caller == "anonymous") return dashboardPage ? 302 : 401;
        // The outsider reads model "fraud" only: it passes a listing (filtered) but not a route naming "churn", nor admin routes.
        if (caller == "outsider") return needed == 1 && !namesAModel ? 0 : 403;
        return Rank(caller) >= needed ? 0 : 403;
    }

    private List<RouteEndpoint> Endpoints() =>
        [.. server.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()];

    /// <summary>The policy name, "open" for AllowAnonymous, or null when the route has neither.</summary>
    private static string? PolicyOf(Endpoint endpoint)
    {
        if (endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null) return "open";
        var policies = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).OfType<string>().ToList();
        return policies.Count == 1 ? policies[0] : policies.Count > 1 ? string.Join("+", policies) : null;
    }

    private static bool IsDashboardPage(RouteEndpoint endpoint) => endpoint.Metadata.GetMetadata<Dashboard.DashboardPage>() is not null;

    private static bool NamesAModel(RouteEndpoint endpoint) =>
        endpoint.RoutePattern.Parameters.Any(p => p.Name is "reference" or "model" or "name" or "experiment");

    private static string PathOf(RouteEndpoint endpoint) =>
        RouteParameter().Replace(endpoint.RoutePattern.RawText!, m => m.Groups[1].Value switch
        {
            "reference" or "model" or "name" => "churn",
            "experiment" => "churn-exp",
            _ => "1",
        });

    private static string Describe(RouteEndpoint e) =>
        $"{string.Join("|", e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["*"])} {e.RoutePattern.RawText}";

    [GeneratedRegex(@"\{\*{0,2}([A-Za-z_][A-Za-z0-9_]*)[^}]*\}")]
    private static partial Regex RouteParameter();
}
