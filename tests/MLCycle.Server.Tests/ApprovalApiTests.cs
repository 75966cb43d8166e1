using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace MLCycle.Server.Tests;

/// <summary>Four-eyes promotion over real HTTP: a requester cannot approve its own request, a second approver can, the alias moves
/// and serving answers with the approved version at once; protected aliases refuse direct moves; rollback is one step.</summary>
public sealed class ApprovalApiTests : IAsyncLifetime
{
    private static readonly object Customer = new { tenure = 2, monthly_charges = 95.5, contract = "Month-to-month", internet_service = "Fiber optic" };

    private ApprovalServer server = null!;

    public async Task InitializeAsync() => server = await ApprovalServer.StartAsync();

    public async Task DisposeAsync() => await server.DisposeAsync();

    [Fact]
    public async Task Approve_bySecondApproverNotRequester_movesChampionAndServingAnswersWithTheNewVersion()
    {
        Assert.Equal(1, await ServedVersionAsync());
        var filed = await server.SendAsync("alice", HttpMethod.Post, "/api/v1/models/churn/approval-requests", new { version = 2, alias = "champion", reason = "better AUC" });
        Assert.Equal(HttpStatusCode.Created, filed.StatusCode);
        var request = await JsonAsync(filed);
        var id = request.GetProperty("id").GetInt64();
        Assert.Equal(("pending", "alice"), (request.GetProperty("state").GetString(), request.GetProperty("requester").GetString()));
        Assert.Equal(JsonValueKind.Object, request.GetProperty("evidence").ValueKind);

        var own = await server.SendAsync("alice", HttpMethod.Post, $"/api/v1/approval-requests/{id}/approve", new { reason = "mine" });
        var byBob = await server.SendAsync("bob", HttpMethod.Post, $"/api/v1/approval-requests/{id}/approve", new { reason = "checked" });
        var again = await server.SendAsync("carol", HttpMethod.Post, $"/api/v1/approval-requests/{id}/approve", new { reason = "me too" });

        Assert.Equal(HttpStatusCode.Forbidden, own.StatusCode);
        Assert.Contains("cannot approve it", (await JsonAsync(own)).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.OK, byBob.StatusCode);
        Assert.Equal(("approved", "bob"), ((await JsonAsync(byBob)).GetProperty("state").GetString(), (await JsonAsync(byBob)).GetProperty("decider").GetString()));
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("already approved by bob", (await JsonAsync(again)).GetProperty("detail").GetString());
        Assert.Equal(2, await ServedVersionAsync());
        var history = await JsonAsync(await server.SendAsync("reader", HttpMethod.Get, "/api/v1/models/churn/aliases/champion/history"));
        Assert.Equal((2, "bob", id), (history[history.GetArrayLength() - 1].GetProperty("toVersion").GetInt32(),
            history[history.GetArrayLength() - 1].GetProperty("actor").GetString(), history[history.GetArrayLength() - 1].GetProperty("requestId").GetInt64()));
        var audit = await server.Store.Audit.ReadAsync();
        Assert.Contains(audit, e => e.Action == "POST /api/v1/approval-requests/{id:long}/approve" && e.Actor == "bob" && e.Status == 200
            && e.AfterJson == $$"""{"request":{{id}},"state":"approved","version":2}""");
        Assert.Contains(audit, e => e.Action == "POST /api/v1/approval-requests/{id:long}/approve" && e.Actor == "alice" && e.Status == 403);
    }

    [Fact]
    public async Task Rollback_afterAnApproval_returnsChampionToThePreviousVersionAndAnswersWhoWasLiveWhen()
    {
        var id = (await JsonAsync(await server.SendAsync("alice", HttpMethod.Post, "/api/v1/models/churn/approval-requests", new { version = 2, reason = "r" })))
            .GetProperty("id").GetInt64();
        await Task.Delay(5);
        var beforeApproval = DateTimeOffset.UtcNow;
        await Task.Delay(5);
        Assert.Equal(HttpStatusCode.OK, (await server.SendAsync("bob", HttpMethod.Post, $"/api/v1/approval-requests/{id}/approve", new { reason = "ok" })).StatusCode);
        var afterApproval = DateTimeOffset.UtcNow;
        await Task.Delay(5);

        var rolled = await server.SendAsync("carol", HttpMethod.Post, "/api/v1/models/churn/rollback");

        Assert.Equal(HttpStatusCode.OK, rolled.StatusCode);
        var change = await JsonAsync(rolled);
        Assert.Equal((2, 1, "rollback"), (change.GetProperty("fromVersion").GetInt32(), change.GetProperty("toVersion").GetInt32(), change.GetProperty("reason").GetString()));
        Assert.Equal(1, await ServedVersionAsync());
        var then = await JsonAsync(await server.SendAsync("reader", HttpMethod.Get, $"/api/v1/models/churn?at={Uri.EscapeDataString(afterApproval.ToString("O"))}"));
        var live = then.GetProperty("aliasesAt")[0];
        Assert.Equal((2, "bob", id, "alice"), (live.GetProperty("version").GetInt32(), live.GetProperty("movedBy").GetString(),
            live.GetProperty("requestId").GetInt64(), live.GetProperty("requestedBy").GetString()));
        var earlier = await JsonAsync(await server.SendAsync("reader", HttpMethod.Get, $"/api/v1/models/churn?at={Uri.EscapeDataString(beforeApproval.ToString("O"))}"));
        Assert.Equal(1, earlier.GetProperty("aliasesAt")[0].GetProperty("version").GetInt32());
        Assert.True(then.GetProperty("protected").GetProperty("champion").GetBoolean());
    }

    [Fact]
    public async Task PutAlias_protectedChampionIs409_unprotectedAliasMoves_badBodiesAreExplained()
    {
        var champion = await server.SendAsync("bob", HttpMethod.Put, "/api/v1/models/churn/aliases/champion", new { version = 2 });
        var challenger = await server.SendAsync("bob", HttpMethod.Put, "/api/v1/models/churn/aliases/challenger", new { version = 2, reason = "try it" });
        using var text = new HttpRequestMessage(HttpMethod.Post, "/api/v1/models/churn/approval-requests") { Content = new StringContent("version=2", Encoding.UTF8, "text/plain") };
        var noReason = await server.SendAsync("alice", HttpMethod.Post, "/api/v1/models/churn/approval-requests", new { version = 2 });
        var byReader = await server.SendAsync("reader", HttpMethod.Post, "/api/v1/models/churn/approval-requests", new { version = 2, reason = "r" });

        Assert.Equal(HttpStatusCode.Conflict, champion.StatusCode);
        Assert.Contains("needs an approval request", (await JsonAsync(champion)).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.OK, challenger.StatusCode);
        Assert.Equal(2, (await JsonAsync(challenger)).GetProperty("toVersion").GetInt32());
        text.Headers.Authorization = new("Bearer", server.TokenOf("alice"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await server.Client.SendAsync(text)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Equal("reason", (await JsonAsync(noReason)).GetProperty("errors")[0].GetProperty("field").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, byReader.StatusCode);
    }

    [Fact]
    public async Task Versions_pagedOneAtATime_followTheTokenToTheEnd()
    {
        var first = await JsonAsync(await server.SendAsync("reader", HttpMethod.Get, "/api/v1/models/churn/versions?max_results=1"));
        var token = first.GetProperty("nextPageToken").GetString();
        var second = await JsonAsync(await server.SendAsync("reader", HttpMethod.Get, $"/api/v1/models/churn/versions?max_results=1&page_token={token}"));
        var bad = await server.SendAsync("reader", HttpMethod.Get, "/api/v1/models/churn/versions?page_token=nonsense");

        Assert.Equal(1, first.GetProperty("items")[0].GetProperty("version").GetInt32());
        Assert.Equal(2, second.GetProperty("items")[0].GetProperty("version").GetInt32());
        Assert.False(second.TryGetProperty("nextPageToken", out _));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task Approve_twoApproversAtOnce_exactlyOneWins()
    {
        var id = (await JsonAsync(await server.SendAsync("alice", HttpMethod.Post, "/api/v1/models/churn/approval-requests", new { version = 2, reason = "r" })))
            .GetProperty("id").GetInt64();

        var answers = await Task.WhenAll(new[] { "bob", "carol" }.Select(user =>
            server.SendAsync(user, HttpMethod.Post, $"/api/v1/approval-requests/{id}/approve", new { reason = "go" })));

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], answers.Select(a => a.StatusCode).Order());
        Assert.Single(await server.Store.Registry.GetAliasHistoryAsync("churn"), h => h.RequestId == id);
    }

    private async Task<int> ServedVersionAsync()
    {
        var response = await server.Client.PostAsJsonAsync("/v1/models/churn/predict", new { rows = new[] { Customer } });
        response.EnsureSuccessStatusCode();
        return (await JsonAsync(response)).GetProperty("model").GetProperty("version").GetInt32();
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.Clone();
    }
}
