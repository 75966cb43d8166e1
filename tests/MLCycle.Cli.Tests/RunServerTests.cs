using MLCycle.Access;
using MLCycle.Server.Tests;

namespace MLCycle.Cli.Tests;

/// <summary>`mlcycle run SPEC --server URL`: the CLI as a process trains the penguins example here and publishes it to a real server
/// on loopback; the version and the alias decision land on the server, the champion moves only when a second person approves.</summary>
public sealed class RunServerTests
{
    private static readonly string Spec = RepoPaths.Get("examples", "penguins", "mlcycle.yaml");

    private static Task<CliResult> As(string? token, params string[] args) =>
        CliProcess.RunAsync(new Dictionary<string, string?> { [CliActor.TokenVariable] = token }, args);

    [Fact]
    public async Task Run_withServer_registersVersion1AndAfterApprovalTheNextRunIsComparedWithThatChampion()
    {
        await using var server = await PenguinsServerAsync();
        var url = server.Client.BaseAddress!.ToString();

        var first = await As(server.Tokens["editor"], "run", Spec, "--server", url, "--json");
        Assert.True(first.ExitCode == ExitCodes.Ok, first.ToString());
        var promotion = first.Json().GetProperty("promotion");
        var runId = first.Json().GetProperty("runId").GetString()!;
        var requestId = promotion.GetProperty("approvalRequestId").GetInt64();
        var approve = await As(server.Tokens["approver"], "models", "approve", requestId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--reason", "looked at the report", "--server", url);
        var show = await As(server.Tokens["reader"], "models", "show", "penguins", "--server", url, "--json");
        var local = await As(server.Tokens["admin"], "models", "show", "penguins", "--store", server.Folder, "--json");
        var second = await As(server.Tokens["editor"], "run", Spec, "--server", url, "--json");

        Assert.Equal(1, first.Json().GetProperty("modelVersion").GetInt32());
        Assert.Equal((false, true), (promotion.GetProperty("promoted").GetBoolean(), promotion.GetProperty("awaitsApproval").GetBoolean()));
        Assert.Contains("champion is protected on the server", promotion.GetProperty("reason").GetString());
        var version = await server.Store.Registry.GetVersionAsync("penguins", 1);
        Assert.Equal(runId, version.RunId);
        var run = await server.Store.Tracking.GetRunAsync(runId);
        Assert.Equal(MLCycle.Tracking.RunStatus.Finished, run.Status);
        Assert.Equal("penguins", run.ExperimentName);
        Assert.True(run.Metrics["test.macro_f1"].Value >= 0.9, $"macro_f1 {run.Metrics["test.macro_f1"].Value}");
        var files = server.Store.Artifacts.List(runId).Select(a => a.Path).ToList();
        Assert.Contains("report.html", files);
        Assert.Contains("model/manifest.json", files);
        // The package names the run the server keeps, not the staging store's.
        Assert.Contains(runId, await File.ReadAllTextAsync(server.Store.Artifacts.Resolve(runId, "model/manifest.json")));
        Assert.True(approve.ExitCode == ExitCodes.Ok, approve.ToString());
        Assert.True(show.ExitCode == ExitCodes.Ok, show.ToString());
        Assert.Equal(1, show.Json().GetProperty("model").GetProperty("aliases").GetProperty("champion").GetInt32());
        // What only the package files hold comes from the run's artifacts on the server, as a local store reads it beside itself.
        Assert.True(show.Json().GetProperty("importance").GetArrayLength() > 0, show.Out);
        Assert.True(local.ExitCode == ExitCodes.Ok, local.ToString());
        foreach (var part in new[] { "treatments", "importance", "fairness", "groupThresholds" })
            Assert.Equal(local.Json().GetProperty(part).GetRawText(), show.Json().GetProperty(part).GetRawText());
        Assert.True(second.ExitCode == ExitCodes.Ok, second.ToString());
        var decided = second.Json().GetProperty("promotion");
        Assert.Equal(2, second.Json().GetProperty("modelVersion").GetInt32());
        Assert.Equal(1, decided.GetProperty("championVersion").GetInt32());
        // The same spec and seed: the champion scores the same test rows exactly as well, so it stays.
        Assert.Contains("vs champion v1", decided.GetProperty("reason").GetString());
        Assert.Equal(decided.GetProperty("challengerScore").GetDouble(), decided.GetProperty("championScore").GetDouble());
        Assert.Equal(1, (await server.Store.Registry.GetModelAsync("penguins")).Aliases["champion"]);
        // A canary to the new version is listed over the API as the local store lists it.
        await server.Store.Registry.SetRouteAsync("penguins", MLCycle.Registry.RouteKind.Canary, MLCycle.Registry.ModelReference.ForVersion("penguins", 2), 10, "admin");
        var routed = await As(server.Tokens["reader"], "models", "show", "penguins", "--server", url, "--json");
        var routedLocal = await As(server.Tokens["admin"], "models", "show", "penguins", "--store", server.Folder, "--json");
        Assert.Equal(1, routed.Json().GetProperty("routes").GetArrayLength());
        Assert.Equal(routedLocal.Json().GetProperty("routes").GetRawText(), routed.Json().GetProperty("routes").GetRawText());
    }

    [Fact]
    public async Task Run_withServer_readerOrAReaderOfTheModel_exits8AndRegistersNothing()
    {
        await using var server = await PenguinsServerAsync();
        var url = server.Client.BaseAddress!.ToString();
        var trainer = (await server.Store.Users.AddUserAsync("trainer", admin: false, "test")).Token;
        await server.Store.Users.GrantAsync("trainer", new Grant(GrantScope.Experiment, "penguins", Role.Editor), "test");
        await server.Store.Users.GrantAsync("trainer", new Grant(GrantScope.Model, "penguins", Role.Reader), "test");

        var byReader = await As(server.Tokens["reader"], "run", Spec, "--server", url);
        var byTrainer = await As(trainer, "run", Spec, "--server", url);

        Assert.Equal(ExitCodes.Forbidden, byReader.ExitCode);
        Assert.Contains("needs the role editor", byReader.Err);
        Assert.Equal(ExitCodes.Forbidden, byTrainer.ExitCode);
        Assert.Contains("Server: ", byTrainer.Err);
        Assert.Empty(await server.Store.Registry.ListModelsAsync());
        // The trainer's run was created, trained and uploaded, then refused at registration: it ends Failed, never stays Running.
        var runs = (await server.Store.Tracking.SearchRunsAsync("penguins")).Items;
        var failed = Assert.Single(runs);
        Assert.Equal(MLCycle.Tracking.RunStatus.Failed, failed.Status);
    }

    /// <summary>The access fixture with grants on model and experiment "penguins": reader, editor and approver as on "churn".</summary>
    internal static async Task<AccessServer> PenguinsServerAsync()
    {
        var server = await AccessServer.StartAsync();
        foreach (var role in new[] { Role.Reader, Role.Editor, Role.Approver })
        {
            var name = Roles.Name(role);
            await server.Store.Users.GrantAsync(name, new Grant(GrantScope.Model, "penguins", role), "test");
            await server.Store.Users.GrantAsync(name, new Grant(GrantScope.Experiment, "penguins", role), "test");
        }
        return server;
    }
}
