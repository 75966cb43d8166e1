using MLCycle.Registry;
using MLCycle.Tests.Storage;

namespace MLCycle.Tests.Registry;

/// <summary>Every behaviour of <see cref="IModelRegistry"/>; each backend inherits it.</summary>
public abstract class ModelRegistryContract : StoreContract
{
    private IModelRegistry Registry => Store.Registry;

    [Fact]
    public async Task CreateModelVersionAsync_newModel_numbersVersionsFromOne()
    {
        var run = await NewRunAsync();

        var v1 = await Registry.CreateModelVersionAsync("churn", run, $"{run}/model");
        var v2 = await Registry.CreateModelVersionAsync("churn", run[..6], $"{run}/model2", "retrained");
        var other = await Registry.CreateModelVersionAsync("housing", run, $"{run}/model3");

        Assert.Equal((1, 2, 1), (v1.Version, v2.Version, other.Version));
        Assert.Equal(run, v2.RunId);
        Assert.Equal($"{run}/model2", v2.PackagePath);
        Assert.Equal("retrained", v2.Description);
        Assert.Equal(v2, await Registry.GetVersionAsync("churn", 2));
    }

    [Fact]
    public async Task RegisterVersionAsync_oncePerRunAndTheRunHasAVersion_isAConflictAndWritesNothing()
    {
        var run = await NewRunAsync();
        await Registry.CreateModelVersionAsync("churn", run, $"{run}/model");

        var again = await Assert.ThrowsAsync<MLCycleException>(() => Registry.RegisterVersionAsync(new VersionRegistration
        {
            Name = "housing", RunId = run, PackagePath = $"{run}/model", OncePerRun = true,
        }));
        var other = await NewRunAsync();
        var first = await Registry.RegisterVersionAsync(new VersionRegistration { Name = "churn", RunId = other, PackagePath = $"{other}/model", OncePerRun = true });

        Assert.Equal(ErrorKind.Conflict, again.Kind);
        Assert.Contains("already registered model 'churn' version 1", again.Message);
        Assert.DoesNotContain(await Registry.ListModelsAsync(), m => m.Name == "housing");
        Assert.Equal(2, first.Version);
    }

    [Fact]
    public async Task CreateModelVersionAsync_unknownRun_throwsNotFoundAndCreatesNoModel()
    {
        await Assert.ThrowsAsync<NotFoundException>(() => Registry.CreateModelVersionAsync("churn", "abcdef12", "x/model"));

        Assert.Empty(await Registry.ListModelsAsync());
    }

    [Fact]
    public async Task CreateModelVersionAsync_invalidName_isRefused()
    {
        var run = await NewRunAsync();

        var error = await Assert.ThrowsAsync<MLCycleException>(() => Registry.CreateModelVersionAsync("bad name", run, "x"));

        Assert.Contains("'bad name'", error.Message);
    }

    [Fact]
    public async Task ListModelsAsync_models_haveLatestVersionAndAliases()
    {
        var run = await NewRunAsync();
        await Registry.CreateModelVersionAsync("churn", run, "p1");
        await Registry.CreateModelVersionAsync("churn", run, "p2");
        await Registry.CreateModelVersionAsync("abalone", run, "p3");
        await Registry.SetAliasAsync("churn", "champion", 1, "alice");

        var models = await Registry.ListModelsAsync();

        Assert.Equal(["abalone", "churn"], models.Select(m => m.Name));
        Assert.Equal(2, models[1].LatestVersion?.Version);
        Assert.Equal(new Dictionary<string, int> { ["champion"] = 1 }, models[1].Aliases);
        Assert.Empty(models[0].Aliases);
        var churn = await Registry.GetModelAsync("churn");
        Assert.Equal((models[1].LatestVersion, models[1].CreatedAt), (churn.LatestVersion, churn.CreatedAt));
        Assert.Equal(models[1].Aliases, churn.Aliases);
    }

    [Fact]
    public async Task ListVersionsAsync_model_returnsVersionsOldestFirst()
    {
        var run = await NewRunAsync();
        for (var i = 0; i < 3; i++)
        {
            await Registry.CreateModelVersionAsync("churn", run, $"p{i}");
        }

        var versions = await Registry.ListVersionsAsync("churn");

        Assert.Equal([1, 2, 3], versions.Select(v => v.Version));
        Assert.Equal(["p0", "p1", "p2"], versions.Select(v => v.PackagePath));
    }

    [Fact]
    public async Task SetAliasAsync_moves_areRecordedWithActorReasonAndPreviousVersion()
    {
        var run = await NewRunAsync();
        await Registry.CreateModelVersionAsync("churn", run, "p1");
        await Registry.CreateModelVersionAsync("churn", run, "p2");

        await Registry.SetAliasAsync("churn", "champion", 1, "alice", "first model");
        await Registry.SetAliasAsync("churn", "champion", 2, "bob", "AUC +0.03");
        await Registry.SetAliasAsync("churn", "champion", 2, "bob", "no-op");
        await Registry.DeleteAliasAsync("churn", "champion", "carol", "rollback drill");
        var history = await Registry.GetAliasHistoryAsync("churn");

        Assert.Equal(
            [("champion", (int?)null, (int?)1, "alice", "first model"), ("champion", 1, 2, "bob", "AUC +0.03"), ("champion", 2, null, "carol", "rollback drill")],
            history.Select(h => (h.Alias, h.FromVersion, h.ToVersion, h.Actor, h.Reason)));
        Assert.Empty((await Registry.GetModelAsync("churn")).Aliases);
    }

    [Fact]
    public async Task SetAliasAsync_unknownVersion_throwsNamingItAndRecordsNothing()
    {
        var run = await NewRunAsync();
        await Registry.CreateModelVersionAsync("churn", run, "p1");

        var error = await Assert.ThrowsAsync<NotFoundException>(() => Registry.SetAliasAsync("churn", "champion", 7, "alice"));

        Assert.Contains("version 7", error.Message);
        Assert.Empty(await Registry.GetAliasHistoryAsync("churn"));
    }

    [Fact]
    public async Task SetAliasAsync_withoutActor_isRefused()
    {
        var run = await NewRunAsync();
        await Registry.CreateModelVersionAsync("churn", run, "p1");

        await Assert.ThrowsAsync<MLCycleException>(() => Registry.SetAliasAsync("churn", "champion", 1, " "));
    }

    [Fact]
    public async Task DeleteAliasAsync_unknownAlias_throwsNotFoundNamingIt()
    {
        var run = await NewRunAsync();
        await Registry.CreateModelVersionAsync("churn", run, "p1");

        var error = await Assert.ThrowsAsync<NotFoundException>(() => Registry.DeleteAliasAsync("churn", "staging", "alice"));

        Assert.Contains("'staging'", error.Message);
    }

    [Fact]
    public async Task ResolveAsync_bareName_isLatestUntilChampionIsSet()
    {
        var run = await NewRunAsync();
        await Registry.CreateModelVersionAsync("churn", run, "p1");
        await Registry.CreateModelVersionAsync("churn", run, "p2");

        var before = await Registry.ResolveAsync(ModelReference.Parse("churn"));
        await Registry.SetAliasAsync("churn", "champion", 1, "alice");
        var after = await Registry.ResolveAsync(ModelReference.Parse("churn"));

        Assert.Equal((2, 1), (before.Version, after.Version));
    }

    [Fact]
    public async Task ResolveAsync_aliasAndVersion_resolveToThatVersion()
    {
        var run = await NewRunAsync();
        await Registry.CreateModelVersionAsync("churn", run, "p1");
        await Registry.CreateModelVersionAsync("churn", run, "p2");
        await Registry.SetAliasAsync("churn", "challenger", 2, "alice");

        Assert.Equal("p2", (await Registry.ResolveAsync(ModelReference.Parse("churn@challenger"))).PackagePath);
        Assert.Equal("p1", (await Registry.ResolveAsync(ModelReference.Parse("churn:1"))).PackagePath);
    }

    [Theory]
    [InlineData("nope", "'nope'")]
    [InlineData("nope@champion", "'nope'")]
    [InlineData("nope:1", "'nope'")]
    [InlineData("churn@staging", "'staging'")]
    [InlineData("churn:9", "version 9")]
    public async Task ResolveAsync_unknownModelAliasOrVersion_throwsNotFoundNamingIt(string text, string named)
    {
        var run = await NewRunAsync();
        await Registry.CreateModelVersionAsync("churn", run, "p1");

        var error = await Assert.ThrowsAsync<NotFoundException>(() => Registry.ResolveAsync(ModelReference.Parse(text)));

        Assert.Contains(named, error.Message);
    }

    [Fact]
    public async Task GetModelAsync_unknown_throwsNotFound()
    {
        await Assert.ThrowsAsync<NotFoundException>(() => Registry.GetModelAsync("nope"));
        await Assert.ThrowsAsync<NotFoundException>(() => Registry.ListVersionsAsync("nope"));
        await Assert.ThrowsAsync<NotFoundException>(() => Registry.GetAliasHistoryAsync("nope"));
    }

    [Fact]
    public async Task RegisterVersionAsync_withAliasAndFinishRun_writesVersionHashAliasHistoryAndRunEndTogether()
    {
        var run = await NewRunAsync();

        var version = await Registry.RegisterVersionAsync(new VersionRegistration
        {
            Name = "churn", RunId = run, PackagePath = $"{run}/model", PackageSha256 = new string('a', 64),
            Alias = "champion", Actor = "ci", Reason = "gates passed", FinishRun = true,
        });

        Assert.Equal(new string('a', 64), (await Registry.GetVersionAsync("churn", 1)).PackageSha256);
        Assert.Equal(1, (await Registry.GetModelAsync("churn")).Aliases["champion"]);
        var move = Assert.Single(await Registry.GetAliasHistoryAsync("churn"));
        Assert.Equal(("champion", (int?)null, (int?)1, "ci", "gates passed"), (move.Alias, move.FromVersion, move.ToVersion, move.Actor, move.Reason));
        Assert.Equal(global::MLCycle.Tracking.RunStatus.Finished, (await Store.Tracking.GetRunAsync(run)).Status);
        Assert.Equal(1, version.Version);
    }

    [Fact]
    public async Task RegisterVersionAsync_versionTakenMeanwhile_writesNothingAndLeavesTheRunRunning()
    {
        var run = await NewRunAsync();
        await Registry.CreateModelVersionAsync("churn", run, "p1");

        var error = await Assert.ThrowsAsync<MLCycleException>(() => Registry.RegisterVersionAsync(new VersionRegistration
        {
            Name = "churn", RunId = run, Version = 1, PackagePath = "p2", Alias = "champion", Actor = "ci", FinishRun = true,
        }));

        Assert.Contains("version 1 was registered by another run", error.Message);
        Assert.Equal([1], (await Registry.ListVersionsAsync("churn")).Select(v => v.Version));
        Assert.Empty((await Registry.GetModelAsync("churn")).Aliases);
        Assert.Equal(global::MLCycle.Tracking.RunStatus.Running, (await Store.Tracking.GetRunAsync(run)).Status);
    }

    [Fact]
    public async Task SetRouteAsync_shadowAndCanary_areListedAndRecordedInHistoryAndAudit()
    {
        await ThreeVersionsAsync();

        await Registry.SetRouteAsync("churn", RouteKind.Shadow, ModelRoute.ParseTarget("churn", "challenger"), null, "alice");
        await Registry.SetRouteAsync("churn", RouteKind.Canary, ModelRoute.ParseTarget("churn", "3"), 10, "bob");
        await Registry.SetRouteAsync("churn", RouteKind.Canary, ModelRoute.ParseTarget("churn", "3"), 25, "bob");

        var routes = await Registry.GetRoutesAsync("churn");
        Assert.Equal([(RouteKind.Shadow, "challenger", (int?)null, (double?)null, "alice"), (RouteKind.Canary, null, 3, 25, "bob")],
            routes.Select(r => (r.Kind, r.Alias, r.Version, r.SharePercent, r.Actor)));
        Assert.Equal([("challenger", (double?)null), ("3", 10), ("3", 25)], (await Registry.GetRouteHistoryAsync("churn")).Select(h => (h.Target, h.SharePercent)));
        var audit = await Store.Audit.ReadAsync();
        Assert.Equal(["churn/shadow", "churn/canary", "churn/canary"], audit.Where(a => a.Action == "models.route.set").Select(a => a.Target));
    }

    [Fact]
    public async Task SetRouteAsync_toTheChampionOrAMissingTarget_isRefusedAndStoresNothing()
    {
        await ThreeVersionsAsync();

        var champion = await Assert.ThrowsAsync<MLCycleException>(() => Registry.SetRouteAsync("churn", RouteKind.Shadow, ModelRoute.ParseTarget("churn", "1"), null, "alice"));
        var byAlias = await Assert.ThrowsAsync<MLCycleException>(() => Registry.SetRouteAsync("churn", RouteKind.Shadow, ModelRoute.ParseTarget("churn", "champion"), null, "alice"));
        var noAlias = await Assert.ThrowsAsync<NotFoundException>(() => Registry.SetRouteAsync("churn", RouteKind.Shadow, ModelRoute.ParseTarget("churn", "staging"), null, "alice"));
        var noVersion = await Assert.ThrowsAsync<NotFoundException>(() => Registry.SetRouteAsync("churn", RouteKind.Canary, ModelRoute.ParseTarget("churn", "9"), 10, "alice"));
        var share = await Assert.ThrowsAsync<MLCycleException>(() => Registry.SetRouteAsync("churn", RouteKind.Canary, ModelRoute.ParseTarget("churn", "2"), 100, "alice"));

        Assert.Equal((ErrorKind.Conflict, ErrorKind.Conflict, ErrorKind.BadSpec), (champion.Kind, byAlias.Kind, share.Kind));
        Assert.Contains("champion", champion.Message);
        Assert.Contains("'staging'", noAlias.Message);
        Assert.Contains("version 9", noVersion.Message);
        Assert.Empty(await Registry.GetRoutesAsync("churn"));
        Assert.Empty(await Registry.GetRouteHistoryAsync("churn"));
    }

    [Fact]
    public async Task ClearRoutesAsync_activeRoutes_endsThemAndRecordsEach()
    {
        await ThreeVersionsAsync();
        await Registry.SetRouteAsync("churn", RouteKind.Shadow, ModelRoute.ParseTarget("churn", "2"), null, "alice");
        await Registry.SetRouteAsync("churn", RouteKind.Canary, ModelRoute.ParseTarget("churn", "3"), 5, "alice");

        var ended = await Registry.ClearRoutesAsync("churn", "carol");
        var again = await Registry.ClearRoutesAsync("churn", "carol");

        Assert.Equal(2, ended.Count);
        Assert.Empty(again);
        Assert.Empty(await Registry.GetRoutesAsync("churn"));
        var history = await Registry.GetRouteHistoryAsync("churn");
        Assert.Equal([(RouteKind.Shadow, (string?)null, "carol"), (RouteKind.Canary, null, "carol")], history.Skip(2).Select(h => (h.Kind, h.Target, h.Actor)));
        Assert.Equal(2, (await Store.Audit.ReadAsync()).Count(a => a.Action == "models.route.clear"));
    }

    [Fact]
    public void ParseShare_percentages_areReadAndNonsenseRefused()
    {
        Assert.Equal(10, ModelRoute.ParseShare("10%"));
        Assert.Equal(2.5, ModelRoute.ParseShare("2.5%"));
        foreach (var bad in new[] { "10", "0%", "100%", "-5%", "abc%", "" })
        {
            var error = Assert.Throws<MLCycleException>(() => ModelRoute.ParseShare(bad));
            Assert.Equal(ErrorKind.BadSpec, error.Kind);
        }
    }

    private async Task ThreeVersionsAsync()
    {
        var run = await NewRunAsync();
        for (var i = 0; i < 3; i++) await Registry.CreateModelVersionAsync("churn", run, $"p{i}");
        await Registry.SetAliasAsync("churn", "champion", 1, "fixture");
        await Registry.SetAliasAsync("churn", "challenger", 2, "fixture");
    }

    private async Task<string> NewRunAsync() => (await Store.Tracking.CreateRunAsync("registry-tests")).RunId;
}
