using MLCycle.Access;
using MLCycle.Registry;
using MLCycle.Tests.Storage;
using MLCycle.Tracking;

namespace MLCycle.Tests.Registry;

/// <summary>Every behaviour of <see cref="IPromotions"/>: protection, four-eyes approval, expiry, supersession, rollback and
/// production history; each backend inherits it.</summary>
public abstract class PromotionsContract : StoreContract
{
    private IPromotions Promotions => Store.Promotions;

    [Fact]
    public async Task IsProtectedAsync_storeWithoutUsers_championMovesDirectlyAsToday()
    {
        await ModelWithVersionsAsync(2);

        Assert.False(await Promotions.IsProtectedAsync("churn", "champion"));
        await Store.Registry.SetAliasAsync("churn", "champion", 2, "alice");
        Assert.Equal(2, (await Store.Registry.GetModelAsync("churn")).Aliases["champion"]);
    }

    [Fact]
    public async Task SetAliasAsync_protectedChampionOnTeamStore_isConflictNamingTheRequestCommand()
    {
        await ModelWithVersionsAsync(2);
        await UserAsync("admin", admin: true);

        var error = await Assert.ThrowsAsync<MLCycleException>(() => Store.Registry.SetAliasAsync("churn", "champion", 2, "alice"));

        Assert.Equal(ErrorKind.Conflict, error.Kind);
        Assert.Contains("'champion' of model 'churn' is protected", error.Message);
        Assert.Contains("mlcycle models request-promotion churn 2", error.Message);
        Assert.True(await Promotions.IsProtectedAsync("churn", "champion"));
        Assert.False(await Promotions.IsProtectedAsync("churn", "challenger"));
    }

    [Fact]
    public async Task SetProtectionAsync_adminUnprotects_directMovesWorkAgainAndTheChangeIsAudited()
    {
        await ModelWithVersionsAsync(2);
        var admin = await UserAsync("admin", admin: true);

        await Promotions.SetProtectionAsync("churn", "champion", false, admin);
        await Store.Registry.SetAliasAsync("churn", "champion", 2, "alice");
        await Promotions.SetProtectionAsync("churn", "staging", true, admin);

        Assert.False(await Promotions.IsProtectedAsync("churn", "champion"));
        Assert.True(await Promotions.IsProtectedAsync("churn", "staging"));
        var audit = (await Store.Audit.ReadAsync()).Where(e => e.Action.StartsWith("models.alias.", StringComparison.Ordinal)).ToList();
        Assert.Equal(["models.alias.unprotect", "models.alias.set", "models.alias.protect"], audit.Select(e => e.Action));
        Assert.Equal(("""{"protected":true}""", """{"protected":false}"""), (audit[0].BeforeJson, audit[0].AfterJson));
    }

    [Fact]
    public async Task SetProtectionAsync_approverNotAdmin_isForbidden()
    {
        await ModelWithVersionsAsync(1);
        var approver = await UserAsync("bob", role: Role.Approver);

        var error = await Assert.ThrowsAsync<MLCycleException>(() => Promotions.SetProtectionAsync("churn", "champion", false, approver));

        Assert.Equal(ErrorKind.Forbidden, error.Kind);
        Assert.Contains("needs the role admin", error.Message);
    }

    [Fact]
    public async Task ApproveAsync_secondApprover_movesTheAliasRecordsTheRequestAndAudits()
    {
        await ModelWithVersionsAsync(2, champion: 1);
        var (alice, bob) = (await UserAsync("alice", role: Role.Approver), await UserAsync("bob", role: Role.Approver));
        var request = await Promotions.RequestAsync(new PromotionRequest { Name = "churn", Version = 2, Requester = alice.Name, Reason = "better AUC" });

        var approved = await Promotions.ApproveAsync(request.Id, bob, "checked the evidence");

        Assert.Equal((ApprovalState.Approved, "bob", "checked the evidence"), (approved.State, approved.Decider, approved.DecisionReason));
        Assert.Equal(2, (await Store.Registry.GetModelAsync("churn")).Aliases["champion"]);
        var move = (await Store.Registry.GetAliasHistoryAsync("churn"))[^1];
        Assert.Equal((1, 2, "bob", request.Id), (move.FromVersion, move.ToVersion, move.Actor, move.RequestId));
        Assert.Contains("better AUC", move.Reason);
        var audit = await Store.Audit.ReadAsync();
        Assert.Contains(audit, e => e.Action == "models.approval.request" && e.Actor == "alice");
        var decision = Assert.Single(audit, e => e.Action == "models.approval.approve");
        Assert.Equal(($$"""{"request":{{request.Id}},"state":"pending"}""", $$"""{"request":{{request.Id}},"state":"approved","version":2}"""),
            (decision.BeforeJson, decision.AfterJson));
    }

    [Fact]
    public async Task ApproveAsync_requesterApprovesOwnRequest_isForbiddenAndTheAliasStays()
    {
        await ModelWithVersionsAsync(2, champion: 1);
        var alice = await UserAsync("alice", role: Role.Approver);
        var request = await Promotions.RequestAsync(new PromotionRequest { Name = "churn", Version = 2, Requester = "alice", Reason = "mine" });

        var error = await Assert.ThrowsAsync<MLCycleException>(() => Promotions.ApproveAsync(request.Id, alice, "looks good"));

        Assert.Equal(ErrorKind.Forbidden, error.Kind);
        Assert.Contains($"'alice' filed approval request #{request.Id} and cannot approve it", error.Message);
        Assert.Equal(1, (await Store.Registry.GetModelAsync("churn")).Aliases["champion"]);
        Assert.Equal(ApprovalState.Pending, (await Promotions.GetRequestAsync(request.Id)).State);
    }

    [Fact]
    public async Task ApproveAsync_editorOrUnverifiedLocalName_isForbidden()
    {
        await ModelWithVersionsAsync(2, champion: 1);
        var editor = await UserAsync("ed", role: Role.Editor);
        var request = await Promotions.RequestAsync(new PromotionRequest { Name = "churn", Version = 2, Requester = "alice", Reason = "r" });

        var byEditor = await Assert.ThrowsAsync<MLCycleException>(() => Promotions.ApproveAsync(request.Id, editor, "ok"));
        var byLocal = await Assert.ThrowsAsync<MLCycleException>(() => Promotions.ApproveAsync(request.Id, RegistryActor.Local("root"), "ok"));

        Assert.Equal((ErrorKind.Forbidden, ErrorKind.Forbidden), (byEditor.Kind, byLocal.Kind));
        Assert.Contains("needs the role approver", byEditor.Message);
        Assert.Contains("MLCYCLE_TOKEN", byLocal.Message);
    }

    [Fact]
    public async Task RequestAsync_newerRequestForTheAlias_supersedesTheOlderWhichCannotBeApproved()
    {
        await ModelWithVersionsAsync(3, champion: 1);
        var bob = await UserAsync("bob", role: Role.Approver);
        var first = await Promotions.RequestAsync(new PromotionRequest { Name = "churn", Version = 2, Requester = "alice", Reason = "v2" });
        var second = await Promotions.RequestAsync(new PromotionRequest { Name = "churn", Version = 3, Requester = "alice", Reason = "v3" });

        var error = await Assert.ThrowsAsync<MLCycleException>(() => Promotions.ApproveAsync(first.Id, bob, "ok"));

        Assert.Equal(ErrorKind.Conflict, error.Kind);
        Assert.Contains($"superseded by request #{second.Id}", error.Message);
        Assert.Equal((ApprovalState.Superseded, second.Id), ((await Promotions.GetRequestAsync(first.Id)).State, (await Promotions.GetRequestAsync(first.Id)).SupersededBy));
        Assert.Equal(ApprovalState.Pending, second.State);
    }

    [Fact]
    public async Task ApproveAsync_expiredRequest_isConflictNamingExpiry()
    {
        await ModelWithVersionsAsync(2, champion: 1);
        var bob = await UserAsync("bob", role: Role.Approver);
        var request = await Promotions.RequestAsync(new PromotionRequest
        {
            Name = "churn", Version = 2, Requester = "alice", Reason = "r", ExpiresIn = TimeSpan.FromMilliseconds(1),
        });
        await Task.Delay(20);

        var error = await Assert.ThrowsAsync<MLCycleException>(() => Promotions.ApproveAsync(request.Id, bob, "late"));

        Assert.Equal(ErrorKind.Conflict, error.Kind);
        Assert.Contains("it is expired", error.Message);
        Assert.Equal(ApprovalState.Expired, (await Promotions.GetRequestAsync(request.Id)).State);
        Assert.Equal([request.Id], (await Promotions.ListRequestsAsync("churn", ApprovalState.Expired)).Items.Select(r => r.Id));
        Assert.Empty((await Promotions.ListRequestsAsync("churn", ApprovalState.Pending)).Items);
    }

    [Fact]
    public async Task RejectAsync_secondApprover_keepsTheAliasAndTheRequestCannotBeApprovedAfter()
    {
        await ModelWithVersionsAsync(2, champion: 1);
        var bob = await UserAsync("bob", role: Role.Approver);
        var request = await Promotions.RequestAsync(new PromotionRequest { Name = "churn", Version = 2, Requester = "alice", Reason = "r" });

        var rejected = await Promotions.RejectAsync(request.Id, bob, "fairness gap too wide");
        var again = await Assert.ThrowsAsync<MLCycleException>(() => Promotions.ApproveAsync(request.Id, bob, "changed my mind"));

        Assert.Equal((ApprovalState.Rejected, "fairness gap too wide"), (rejected.State, rejected.DecisionReason));
        Assert.Contains("already rejected by bob", again.Message);
        Assert.Equal(1, (await Store.Registry.GetModelAsync("churn")).Aliases["champion"]);
    }

    [Fact]
    public async Task ApproveAsync_twoApproversAtOnce_exactlyOneWins()
    {
        await ModelWithVersionsAsync(2, champion: 1);
        var approvers = new[] { await UserAsync("bob", role: Role.Approver), await UserAsync("carol", role: Role.Approver) };
        var request = await Promotions.RequestAsync(new PromotionRequest { Name = "churn", Version = 2, Requester = "alice", Reason = "r" });

        var outcomes = await Task.WhenAll(approvers.Select(a => Task.Run(async () =>
        {
            try
            {
                await Promotions.ApproveAsync(request.Id, a, "go");
                return (ErrorKind?)null;
            }
            catch (MLCycleException e)
            {
                return e.Kind;
            }
        })));

        Assert.Single(outcomes, o => o is null);
        Assert.Single(outcomes, o => o == ErrorKind.Conflict);
        Assert.Single(await Store.Registry.GetAliasHistoryAsync("churn"), h => h.RequestId == request.Id);
    }

    [Fact]
    public async Task RollbackAsync_afterAnApproval_returnsToThePreviousVersionWithReasonRollback()
    {
        await ModelWithVersionsAsync(2, champion: 1);
        var bob = await UserAsync("bob", role: Role.Approver);
        var request = await Promotions.RequestAsync(new PromotionRequest { Name = "churn", Version = 2, Requester = "alice", Reason = "r" });
        await Promotions.ApproveAsync(request.Id, bob, "ok");

        var change = await Promotions.RollbackAsync("churn", "champion", bob);

        Assert.Equal((2, 1, "rollback"), (change.FromVersion, change.ToVersion, change.Reason));
        Assert.Equal(1, (await Store.Registry.GetModelAsync("churn")).Aliases["champion"]);
        var last = (await Store.Registry.GetAliasHistoryAsync("churn"))[^1];
        Assert.Equal((2, 1, "bob", "rollback"), (last.FromVersion, last.ToVersion, last.Actor, last.Reason));
        Assert.Contains(await Store.Audit.ReadAsync(), e => e.Action == "models.alias.set" && e.Detail == "rollback" && e.AfterJson == """{"version":1}""");
    }

    [Fact]
    public async Task RollbackAsync_aliasWithOneVersionOnly_isConflict()
    {
        await ModelWithVersionsAsync(1, champion: 1);

        var error = await Assert.ThrowsAsync<MLCycleException>(() => Promotions.RollbackAsync("churn", "champion", RegistryActor.Local("alice")));

        Assert.Equal(ErrorKind.Conflict, error.Kind);
        Assert.Contains("no earlier version to roll back to", error.Message);
    }

    [Fact]
    public async Task AliasesAtAsync_momentsBeforeAndAfterAnApproval_nameTheVersionAndWhoApproved()
    {
        await ModelWithVersionsAsync(2, champion: 1);
        var bob = await UserAsync("bob", role: Role.Approver);
        var request = await Promotions.RequestAsync(new PromotionRequest { Name = "churn", Version = 2, Requester = "alice", Reason = "r" });
        await Task.Delay(5);
        var before = DateTimeOffset.UtcNow;
        await Task.Delay(5);
        await Promotions.ApproveAsync(request.Id, bob, "ok");

        var then = Assert.Single(await Promotions.AliasesAtAsync("churn", before));
        var now = Assert.Single(await Promotions.AliasesAtAsync("churn", DateTimeOffset.UtcNow));

        Assert.Equal(("champion", 1, "setup", (long?)null), (then.Alias, then.Version, then.MovedBy, then.RequestId));
        Assert.Equal(("champion", 2, "bob", request.Id, "alice"), (now.Alias, now.Version, now.MovedBy, now.RequestId, now.RequestedBy));
        Assert.Empty(await Promotions.AliasesAtAsync("churn", DateTimeOffset.UnixEpoch));
    }

    [Fact]
    public async Task ListRequestsAsync_pages_returnNewestFirstWithoutRepeats()
    {
        await ModelWithVersionsAsync(2);
        for (var i = 0; i < 5; i++)
        {
            await Promotions.RequestAsync(new PromotionRequest { Name = "churn", Version = 2, Alias = $"a{i}", Requester = "alice", Reason = "r" });
        }

        var first = await Promotions.ListRequestsAsync("churn", maxResults: 3);
        var second = await Promotions.ListRequestsAsync("churn", maxResults: 3, pageToken: first.NextPageToken);

        var ids = first.Items.Concat(second.Items).Select(r => r.Id).ToList();
        Assert.Equal(ids.OrderDescending(), ids);
        Assert.Equal(5, ids.Distinct().Count());
        Assert.Null(second.NextPageToken);
    }

    [Fact]
    public async Task RequestAsync_versionAlreadyServed_isConflictAndUnknownVersionNotFound()
    {
        await ModelWithVersionsAsync(1, champion: 1);

        var same = await Assert.ThrowsAsync<MLCycleException>(() => Promotions.RequestAsync(new PromotionRequest { Name = "churn", Version = 1, Requester = "a", Reason = "r" }));
        await Assert.ThrowsAsync<NotFoundException>(() => Promotions.RequestAsync(new PromotionRequest { Name = "churn", Version = 9, Requester = "a", Reason = "r" }));
        var noReason = await Assert.ThrowsAsync<MLCycleException>(() => Promotions.RequestAsync(new PromotionRequest { Name = "churn", Version = 1, Requester = "a", Reason = " " }));

        Assert.Equal((ErrorKind.Conflict, ErrorKind.BadSpec), (same.Kind, noReason.Kind));
        Assert.Contains("already points at version 1", same.Message);
    }

    [Fact]
    public async Task RequestAsync_versionWithTestMetrics_storesThemAsEvidence()
    {
        var run = await Store.Tracking.CreateRunAsync("promotions");
        await Store.Tracking.LogBatchAsync(run.RunId, [new Metric("test.auc", 0.84), new Metric("champion.test.auc", 0.80)], [],
            [new RunTag(PromotionEvidence.ChampionVersionTag, "1"), new RunTag("promotion.reason", "challenger is better")]);
        await Store.Registry.CreateModelVersionAsync("churn", run.RunId, $"{run.RunId}/model");

        var request = await Promotions.RequestAsync(new PromotionRequest { Name = "churn", Version = 1, Requester = "a", Reason = "r" });

        var evidence = request.Evidence!.Value;
        Assert.Equal(0.84, evidence.GetProperty("testMetrics").GetProperty("auc").GetDouble());
        Assert.Equal(0.80, evidence.GetProperty("championMetrics").GetProperty("auc").GetDouble());
        Assert.Equal(1, evidence.GetProperty("championVersion").GetInt32());
        Assert.Equal("challenger is better", evidence.GetProperty("comparison").GetString());
    }

    /// <summary>Model "churn" with <paramref name="count"/> versions, its champion set (by "setup") before any user exists.</summary>
    private async Task ModelWithVersionsAsync(int count, int? champion = null)
    {
        var run = await Store.Tracking.CreateRunAsync("promotions");
        for (var i = 0; i < count; i++) await Store.Registry.CreateModelVersionAsync("churn", run.RunId, $"{run.RunId}/model{i}");
        if (champion is { } v) await Store.Registry.SetAliasAsync("churn", "champion", v, "setup");
    }

    /// <summary>A user whose token verified, as a registry actor.</summary>
    private async Task<RegistryActor> UserAsync(string name, bool admin = false, Role? role = null)
    {
        var issued = await Store.Users.AddUserAsync(name, admin, "setup");
        if (role is { } r) await Store.Users.GrantAsync(name, new Grant(GrantScope.Model, "churn", r), "setup");
        var access = await new TokenVerifier(Store.Users).VerifyAsync(issued.Token);
        return RegistryActor.User(access!);
    }
}
