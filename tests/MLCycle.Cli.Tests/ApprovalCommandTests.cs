using System.Globalization;
using MLCycle.Access;
using MLCycle.Storage;

namespace MLCycle.Cli.Tests;

/// <summary>Four-eyes promotion from the command line, each command a real process with its own MLCYCLE_TOKEN: a protected champion
/// refuses `models promote`, the requester cannot approve, a second approver can, `models show --at` names who approved, and
/// `models rollback` undoes it in one step.</summary>
public sealed class ApprovalCommandTests(TrainedStoreFixture trained) : IClassFixture<TrainedStoreFixture>, IDisposable
{
    private readonly string store = Path.Combine(Directory.CreateTempSubdirectory("mlcycle-approve-").FullName, "store");

    [Fact]
    public async Task Approve_requesterThenSecondApprover_refusesTheFirstMovesChampionAndRollbackReturnsIt()
    {
        var tokens = await TeamStoreAsync();

        var promote = await As(null, "models", "promote", "churn", "2");
        var filed = await As(tokens["alice"], "models", "request-promotion", "churn", "2", "--reason", "better AUC", "--json");
        var id = filed.Json().GetProperty("id").GetInt64().ToString(CultureInfo.InvariantCulture);
        var anonymous = await As(null, "models", "approve", id, "--reason", "ok");
        var own = await As(tokens["alice"], "models", "approve", id, "--reason", "ok");
        var before = DateTimeOffset.UtcNow.ToString("O");
        var approved = await As(tokens["bob"], "models", "approve", id, "--reason", "checked", "--json");
        var shownBefore = await As(null, "models", "show", "churn", "--at", before, "--json");
        var shownNow = await As(null, "models", "show", "churn", "--at", DateTimeOffset.UtcNow.AddSeconds(1).ToString("O"), "--json");
        var rollback = await As(tokens["bob"], "models", "rollback", "churn");
        var requests = await As(null, "models", "requests", "churn", "--state", "approved", "--json");

        Assert.Equal(ExitCodes.Error, promote.ExitCode);
        Assert.Contains("is protected", promote.Err);
        Assert.Equal(ExitCodes.Ok, filed.ExitCode);
        Assert.Equal(("pending", "alice"), (filed.Json().GetProperty("state").GetString(), filed.Json().GetProperty("requester").GetString()));
        Assert.Equal(ExitCodes.Forbidden, anonymous.ExitCode);
        Assert.Contains("MLCYCLE_TOKEN", anonymous.Err);
        Assert.Equal(ExitCodes.Forbidden, own.ExitCode);
        Assert.Contains($"'alice' filed approval request #{id} and cannot approve it", own.Err);
        Assert.Equal(ExitCodes.Ok, approved.ExitCode);
        Assert.Equal(("approved", "bob"), (approved.Json().GetProperty("state").GetString(), approved.Json().GetProperty("decider").GetString()));
        Assert.Equal(1, shownBefore.Json().GetProperty("aliasesAt")[0].GetProperty("version").GetInt32());
        var live = shownNow.Json().GetProperty("aliasesAt")[0];
        Assert.Equal((2, "bob", long.Parse(id, CultureInfo.InvariantCulture), "alice"),
            (live.GetProperty("version").GetInt32(), live.GetProperty("movedBy").GetString(), live.GetProperty("requestId").GetInt64(), live.GetProperty("requestedBy").GetString()));
        Assert.Equal(ExitCodes.Ok, rollback.ExitCode);
        Assert.Contains("churn@champion rolled back: v2 -> v1", rollback.Out);
        Assert.Equal(id, requests.Json().GetProperty("items")[0].GetProperty("id").GetInt64().ToString(CultureInfo.InvariantCulture));
        await using var opened = await MLCycleStore.OpenAsync(store);
        Assert.Equal(1, (await opened.Registry.GetModelAsync("churn")).Aliases["champion"]);
    }

    [Fact]
    public async Task Protect_adminUnprotects_promoteMovesDirectlyAndANonAdminIsRefused()
    {
        var tokens = await TeamStoreAsync();

        var byApprover = await As(tokens["bob"], "models", "protect", "churn", "--unprotect");
        var byAdmin = await As(tokens["admin"], "models", "protect", "churn", "--unprotect");
        var promote = await As(null, "models", "promote", "churn", "2");

        Assert.Equal(ExitCodes.Forbidden, byApprover.ExitCode);
        Assert.Contains("needs the role admin", byApprover.Err);
        Assert.Equal(ExitCodes.Ok, byAdmin.ExitCode);
        Assert.Equal(ExitCodes.Ok, promote.ExitCode);
        Assert.Contains("churn@champion -> v2", promote.Out);
    }

    [Fact]
    public async Task Run_winnerOnATeamStore_registersAsChallengerAndFilesAnApprovalRequest()
    {
        await Cli.RunAsync("users", "add", "admin", "--admin", "--store", store);

        var run = await Cli.RunAsync("run", RepoPaths.Get("examples", "telco-churn", "mlcycle.yaml"), "--store", store, "--json");
        var requests = await Cli.RunAsync("models", "requests", "churn", "--state", "pending", "--json", "--store", store);

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        var promotion = run.Json().GetProperty("promotion");
        Assert.Equal((false, "challenger", true), (promotion.GetProperty("promoted").GetBoolean(), promotion.GetProperty("alias").GetString(),
            promotion.GetProperty("awaitsApproval").GetBoolean()));
        Assert.Contains("champion is protected", promotion.GetProperty("reason").GetString());
        var request = Assert.Single(requests.Json().GetProperty("items").EnumerateArray());
        Assert.Equal(promotion.GetProperty("approvalRequestId").GetInt64(), request.GetProperty("id").GetInt64());
        Assert.Equal(("champion", 1), (request.GetProperty("alias").GetString(), request.GetProperty("version").GetInt32()));
        Assert.True(request.GetProperty("evidence").GetProperty("testMetrics").EnumerateObject().Any());
        await using var opened = await MLCycleStore.OpenAsync(store);
        Assert.False((await opened.Registry.GetModelAsync("churn")).Aliases.ContainsKey("champion"));
    }

    /// <summary>A copy of the trained store (churn v1 champion, promoted before any user existed) with its package registered again as
    /// version 2, then users: admin, and alice and bob, approvers of churn.</summary>
    private async Task<Dictionary<string, string>> TeamStoreAsync()
    {
        foreach (var file in Directory.EnumerateFiles(trained.Store, "*", SearchOption.AllDirectories))
        {
            var copy = Path.Combine(store, Path.GetRelativePath(trained.Store, file));
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(file, copy);
        }
        await using var opened = await MLCycleStore.OpenAsync(store);
        var champion = await opened.Registry.GetVersionAsync("churn", 1);
        await opened.Registry.CreateModelVersionAsync("churn", champion.RunId, champion.PackagePath);
        Assert.Equal(1, (await opened.Registry.GetModelAsync("churn")).Aliases["champion"]);
        var tokens = new Dictionary<string, string> { ["admin"] = (await opened.Users.AddUserAsync("admin", admin: true, "setup")).Token };
        foreach (var name in new[] { "alice", "bob" })
        {
            tokens[name] = (await opened.Users.AddUserAsync(name, admin: false, "setup")).Token;
            await opened.Users.GrantAsync(name, new Grant(GrantScope.Model, "churn", Role.Approver), "setup");
        }
        return tokens;
    }

    /// <summary>`mlcycle ARGS --store STORE` in a child process whose MLCYCLE_TOKEN is <paramref name="token"/> (unset when null).</summary>
    private Task<CliResult> As(string? token, params string[] args) =>
        CliProcess.RunAsync(new Dictionary<string, string?> { [CliActor.TokenVariable] = token }, [.. args, "--store", store]);

    public void Dispose() => Directory.Delete(Path.GetDirectoryName(store)!, recursive: true);
}
