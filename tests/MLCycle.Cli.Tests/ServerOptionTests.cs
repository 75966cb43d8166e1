using System.Globalization;
using MLCycle.Client;
using MLCycle.Server.Tests;

namespace MLCycle.Cli.Tests;

/// <summary>`--server URL` with MLCYCLE_TOKEN: each command a real process against a real server on loopback, printing what the
/// same command prints for a local store; refusals become the CLI's exit codes.</summary>
public sealed class ServerOptionTests
{
    private static Task<CliResult> As(string? token, params string[] args) =>
        CliProcess.RunAsync(new Dictionary<string, string?> { ["MLCYCLE_TOKEN"] = token }, args);

    [Fact]
    public async Task RunsList_runsLoggedByTheClientLibrary_listsAndShowsThemAsForALocalStore()
    {
        await using var server = await AccessServer.StartAsync();
        var url = server.Client.BaseAddress!.ToString();
        var logged = new List<string>();
        using (var client = new MLCycleClient(server.Client.BaseAddress!, server.Tokens["editor"]))
        {
            for (var i = 0; i < 3; i++)
            {
                await using var run = await client.StartRunAsync("churn-exp", $"notebook {i}", new Dictionary<string, string> { ["model.algorithm"] = "lightgbm" });
                run.LogParam("trees", "100");
                run.LogMetric("test.auc", 0.8 + i / 100.0);
                logged.Add(run.RunId);
            }
        }

        var list = await As(server.Tokens["reader"], "runs", "list", "--server", url, "--experiment", "churn-exp", "--max", "2", "--json");
        var next = list.Json().GetProperty("nextPageToken").GetString()!;
        var rest = await As(server.Tokens["reader"], "runs", "list", "--server", url, "--experiment", "churn-exp", "--max", "2", "--page-token", next, "--json");
        var table = await As(server.Tokens["reader"], "runs", "list", "--server", url);
        var show = await As(server.Tokens["reader"], "runs", "show", logged[0], "--server", url);

        Assert.True(list.ExitCode == ExitCodes.Ok, list.ToString());
        var listed = list.Json().GetProperty("items").EnumerateArray().Concat(rest.Json().GetProperty("items").EnumerateArray()).ToList();
        Assert.Equal(logged.AsEnumerable().Reverse(), listed.Select(r => r.GetProperty("runId").GetString()));
        Assert.Equal("churn-exp", listed[0].GetProperty("experimentName").GetString());
        Assert.Equal(0.8 + 2 / 100.0, listed[0].GetProperty("metrics").GetProperty("test.auc").GetProperty("value").GetDouble());
        Assert.Equal("finished", listed[0].GetProperty("status").GetString());
        Assert.Equal(ExitCodes.Ok, table.ExitCode);
        Assert.Contains(logged[2][..12], table.Out);
        Assert.Contains("auc 0.82", table.Out);
        Assert.Equal(ExitCodes.Ok, show.ExitCode);
        Assert.Contains($"Run {logged[0]}", show.Out);
        Assert.Contains("trees", show.Out);
    }

    [Fact]
    public async Task RunsShow_searchWithTrials_listsTheChildRunsAndTheExperimentIdAsTheLocalStore()
    {
        await using var server = await AccessServer.StartAsync();
        var url = server.Client.BaseAddress!.ToString();
        string parent;
        var trials = new List<string>();
        using (var client = new MLCycleClient(server.Client.BaseAddress!, server.Tokens["editor"]))
        {
            await using (var run = await client.StartRunAsync("churn-exp", "search")) parent = run.RunId;
            foreach (var trees in new[] { "50", "200" })
            {
                await using var trial = await client.StartRunAsync("churn-exp", $"trees {trees}", new Dictionary<string, string> { ["mlflow.parentRunId"] = parent });
                trial.LogParam("algorithm", "lightgbm");
                trial.LogParam("trees", trees);
                trial.LogMetric("cv_mean.auc", 0.8);
                trials.Add(trial.RunId);
            }
        }

        var remote = await As(server.Tokens["reader"], "runs", "show", parent, "--server", url, "--json");
        var local = await As(server.Tokens["admin"], "runs", "show", parent, "--store", server.Folder, "--json");
        var table = await As(server.Tokens["reader"], "runs", "show", parent, "--server", url);

        Assert.True(remote.ExitCode == ExitCodes.Ok, remote.ToString());
        Assert.True(local.ExitCode == ExitCodes.Ok, local.ToString());
        var experimentId = local.Json().GetProperty("run").GetProperty("experimentId").GetInt64();
        Assert.True(experimentId > 0);
        Assert.Equal(experimentId, remote.Json().GetProperty("run").GetProperty("experimentId").GetInt64());
        Assert.Equal(trials, remote.Json().GetProperty("children").EnumerateArray().Select(c => c.GetProperty("runId").GetString()));
        Assert.Equal(local.Json().GetProperty("children").EnumerateArray().Select(c => (c.GetProperty("runId").GetString(), c.GetProperty("experimentId").GetInt64())),
            remote.Json().GetProperty("children").EnumerateArray().Select(c => (c.GetProperty("runId").GetString(), c.GetProperty("experimentId").GetInt64())));
        Assert.Contains("2 child run(s)", table.Out);
        Assert.Contains("trees=200", table.Out);
    }

    [Fact]
    public async Task Audit_throughTheServer_printsWhatTheLocalCommandPrintsForTheSameStore()
    {
        await using var server = await AccessServer.StartAsync();
        var url = server.Client.BaseAddress!.ToString();
        var since = DateTimeOffset.UtcNow.AddHours(-1).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        using (var client = new MLCycleClient(server.Client.BaseAddress!, server.Tokens["editor"]))
        {
            await using var run = await client.StartRunAsync("churn-exp", "audited write");
        }

        var byReader = await As(server.Tokens["reader"], "audit", "--server", url);
        var missing = await As(null, "audit", "--server", url);
        var badSince = await As(server.Tokens["admin"], "audit", "--server", url, "--since", "last tuesday");
        var remoteJson = await As(server.Tokens["admin"], "audit", "--server", url, "--since", since, "--json");
        var localJson = await As(server.Tokens["admin"], "audit", "--store", server.Folder, "--since", since, "--json");
        var remoteTable = await As(server.Tokens["admin"], "audit", "--server", url, "--since", since);
        var localTable = await As(server.Tokens["admin"], "audit", "--store", server.Folder, "--since", since);
        var limited = await As(server.Tokens["admin"], "audit", "--server", url, "--since", since, "--limit", "2", "--json");

        Assert.Equal(ExitCodes.Forbidden, byReader.ExitCode);
        Assert.Contains("User 'reader' needs to be an admin", byReader.Err);
        Assert.Equal(ExitCodes.Forbidden, missing.ExitCode);
        Assert.Equal(ExitCodes.BadArguments, badSince.ExitCode);
        Assert.True(remoteJson.ExitCode == ExitCodes.Ok, remoteJson.ToString());
        Assert.Equal(localJson.Out, remoteJson.Out);
        var entries = remoteJson.Json().EnumerateArray().ToList();
        Assert.Contains(entries, e => e.GetProperty("action").GetString()!.StartsWith("POST /api/v1/runs", StringComparison.Ordinal) && e.GetProperty("actor").GetString() == "editor");
        Assert.Contains(entries, e => e.GetProperty("actor").GetString() == "reader" && !e.GetProperty("allowed").GetBoolean());
        Assert.Equal(ExitCodes.Ok, remoteTable.ExitCode);
        Assert.Equal(localTable.Out, remoteTable.Out);
        Assert.Equal(entries.Take(2).Select(e => e.GetRawText()), limited.Json().EnumerateArray().Select(e => e.GetRawText()));
    }

    [Fact]
    public async Task ServerOption_missingBadOrWeakTokenOrAStoreToo_exitsWithTheDocumentedCodes()
    {
        await using var server = await AccessServer.StartAsync();
        var url = server.Client.BaseAddress!.ToString();

        var missing = await As(null, "runs", "list", "--server", url);
        var wrong = await As("not-a-token", "runs", "list", "--server", url);
        var outsider = await As(server.Tokens["outsider"], "runs", "list", "--server", url, "--experiment", "churn-exp");
        var unknown = await As(server.Tokens["reader"], "runs", "show", "0123456789abcdef", "--server", url);
        var notAnId = await As(server.Tokens["reader"], "runs", "show", "nosuchrun", "--server", url);
        var both = await As(server.Tokens["reader"], "runs", "list", "--server", url, "--store", "elsewhere");
        var unsupported = await As(server.Tokens["reader"], "models", "promote", "churn", "1", "--server", url);

        Assert.Equal(ExitCodes.Forbidden, missing.ExitCode);
        Assert.Contains("MLCYCLE_TOKEN", missing.Err);
        Assert.Equal(ExitCodes.Forbidden, wrong.ExitCode);
        Assert.Contains("The server refused the token in MLCYCLE_TOKEN (401", wrong.Err);
        Assert.Equal(ExitCodes.Forbidden, outsider.ExitCode);
        Assert.Contains("User 'outsider' needs the role reader", outsider.Err);
        Assert.Equal(ExitCodes.Error, unknown.ExitCode);
        Assert.Contains("404 Not found: No run with id '0123456789abcdef'", unknown.Err);
        Assert.Equal(ExitCodes.BadArguments, notAnId.ExitCode);
        Assert.Contains("'nosuchrun' is not a run id", notAnId.Err);
        Assert.Equal(ExitCodes.BadArguments, both.ExitCode);
        Assert.Contains("--server and --store", both.Err);
        Assert.Equal(ExitCodes.BadArguments, unsupported.ExitCode);
        Assert.Contains("'mlcycle models promote' works on a local store only", unsupported.Err);
    }

    [Fact]
    public async Task Approve_fourEyesThroughTheServerByTwoUsers_movesChampionAndRollbackReturnsIt()
    {
        await using var server = await ApprovalServer.StartAsync();
        var url = server.Client.BaseAddress!.ToString();
        string alice = server.TokenOf("alice"), bob = server.TokenOf("bob");

        var filed = await As(alice, "models", "request-promotion", "churn", "2", "--reason", "better AUC", "--server", url, "--json");
        var id = filed.Json().GetProperty("id").GetInt64().ToString(CultureInfo.InvariantCulture);
        var pending = await As(bob, "models", "requests", "churn", "--state", "pending", "--server", url, "--json");
        var own = await As(alice, "models", "approve", id, "--reason", "ok", "--server", url);
        var byReader = await As(server.TokenOf("reader"), "models", "reject", id, "--reason", "no", "--server", url);
        var approved = await As(bob, "models", "approve", id, "--reason", "checked", "--server", url, "--json");
        var again = await As(bob, "models", "approve", id, "--reason", "twice", "--server", url);
        var shown = await As(server.TokenOf("reader"), "models", "show", "churn", "--server", url, "--json");
        var listed = await As(server.TokenOf("reader"), "models", "list", "--server", url);
        var rollback = await As(bob, "models", "rollback", "churn", "--server", url);

        Assert.True(filed.ExitCode == ExitCodes.Ok, filed.ToString());
        Assert.Equal(("pending", "alice"), (filed.Json().GetProperty("state").GetString(), filed.Json().GetProperty("requester").GetString()));
        Assert.Equal(id, pending.Json().GetProperty("items")[0].GetProperty("id").GetInt64().ToString(CultureInfo.InvariantCulture));
        Assert.Equal(ExitCodes.Forbidden, own.ExitCode);
        Assert.Contains($"'alice' filed approval request #{id} and cannot approve it", own.Err);
        Assert.Equal(ExitCodes.Forbidden, byReader.ExitCode);
        Assert.True(approved.ExitCode == ExitCodes.Ok, approved.ToString());
        Assert.Equal(("approved", "bob"), (approved.Json().GetProperty("state").GetString(), approved.Json().GetProperty("decider").GetString()));
        Assert.Equal(ExitCodes.Error, again.ExitCode);
        Assert.Contains("409", again.Err);
        Assert.Equal(2, shown.Json().GetProperty("model").GetProperty("aliases").GetProperty("champion").GetInt32());
        Assert.Equal(2, shown.Json().GetProperty("versions").GetArrayLength());
        var move = shown.Json().GetProperty("aliasHistory").EnumerateArray().Last();
        Assert.Equal((2, "bob", long.Parse(id, CultureInfo.InvariantCulture)),
            (move.GetProperty("toVersion").GetInt32(), move.GetProperty("actor").GetString(), move.GetProperty("requestId").GetInt64()));
        Assert.Contains("churn", listed.Out);
        Assert.True(rollback.ExitCode == ExitCodes.Ok, rollback.ToString());
        Assert.Contains("churn@champion rolled back: v2 -> v1", rollback.Out);
        Assert.Equal(1, (await server.Store.Registry.GetModelAsync("churn")).Aliases["champion"]);
    }
}
