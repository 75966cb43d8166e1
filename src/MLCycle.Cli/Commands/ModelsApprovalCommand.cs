using System.CommandLine;
using MLCycle.Access;
using MLCycle.Cli.Output;
using MLCycle.Cli.Remote;
using MLCycle.Registry;
using MLCycle.Storage;
using MLCycle.Tracking;

namespace MLCycle.Cli.Commands;

/// <summary>`mlcycle models request-promotion NAME VERSION --reason … | requests [NAME] [--state] | approve ID --reason … |
/// reject ID --reason … | rollback NAME | protect NAME --alias A [--unprotect]`: four-eyes promotion of protected aliases.
/// The acting user is the one whose token is in MLCYCLE_TOKEN (<see cref="CliActor"/>).</summary>
public static class ModelsApprovalCommand
{
    public static void AddTo(Command models, CliConsole console)
    {
        ArgumentNullException.ThrowIfNull(models);
        models.Add(RequestPromotion(console));
        models.Add(Requests(console));
        models.Add(Decide(console, approve: true));
        models.Add(Decide(console, approve: false));
        models.Add(Rollback(console));
        models.Add(Protect(console));
    }

    private static Command RequestPromotion(CliConsole console)
    {
        var name = new Argument<string>("name") { Description = "Registered model name." };
        var version = new Argument<int>("version") { Description = "Version the alias should point at." };
        var alias = new Option<string>("--alias") { Description = "Alias to move.", DefaultValueFactory = _ => ModelReference.DefaultAlias };
        var reason = new Option<string>("--reason") { Description = "Why: shown to the approver and kept with the request.", Required = true };
        var expires = new Option<string>("--expires-in") { Description = "How long the request may wait: 30m, 12h, 7d.", DefaultValueFactory = _ => "7d" };
        var command = new Command("request-promotion", "Ask another approver to move a protected alias to a version; the request carries the version's evidence.")
        {
            name, version, alias, reason, expires,
        };
        command.SetAction(async (parse, ct) =>
        {
            var model = NameRules.ModelName(parse.GetValue(name));
            var aliasName = NameRules.Alias(parse.GetValue(alias));
            var expiresIn = PromotionRequest.ParseExpiry(parse.GetValue(expires)!);
            ApprovalRequest request;
            if (ServerConnection.Open(parse) is { } client)
            {
                using (client)
                {
                    request = RemoteRecords.ToRequest(await client.RequestPromotionAsync(model, parse.GetValue(version), parse.GetValue(reason)!, aliasName, parse.GetValue(expires), ct));
                }
            }
            else
            {
                await using var store = await StoreOpener.OpenExistingAsync(parse, ct);
                var actor = await CliActor.RequireAsync(store, Role.Editor, model, "request a promotion", ct);
                request = await store.Promotions.RequestAsync(new PromotionRequest
                {
                    Name = model, Version = parse.GetValue(version), Alias = aliasName, Requester = actor.Name, Reason = parse.GetValue(reason)!, ExpiresIn = expiresIn,
                }, ct);
            }
            if (parse.GetValue(GlobalOptions.Json)) console.WriteJson(request);
            else ApprovalViews.WriteOne(console, request, $"Approval request #{request.Id} filed: another approver runs 'mlcycle models approve {request.Id} --reason …'.");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Requests(CliConsole console)
    {
        var name = new Argument<string?>("name") { Description = "Registered model name; all models without it.", Arity = ArgumentArity.ZeroOrOne };
        var state = new Option<string?>("--state") { Description = "Only requests in this state: pending, approved, rejected, expired, superseded." };
        var max = new Option<int>("--max") { Description = "Most requests to list.", DefaultValueFactory = _ => 50 };
        var page = new Option<string?>("--page-token") { Description = "Continue after a previous page (its nextPageToken)." };
        var command = new Command("requests", "List approval requests, newest first, with the evidence of pending ones.") { name, state, max, page };
        command.SetAction(async (parse, ct) =>
        {
            var model = parse.GetValue(name) is { } given ? NameRules.ModelName(given) : null;
            var wanted = parse.GetValue(state) is { } text ? ParseState(text) : (ApprovalState?)null;
            if (parse.GetValue(max) < 1) throw new MLCycleException(ErrorKind.BadSpec, $"--max must be at least 1; found {parse.GetValue(max)}.");
            Page<ApprovalRequest> result;
            if (ServerConnection.Open(parse) is { } client)
            {
                using (client)
                {
                    var remote = await client.ListApprovalRequestsAsync(model, wanted is { } w ? RemoteRecords.ToClientState(w) : null, parse.GetValue(max), parse.GetValue(page), ct);
                    result = new Page<ApprovalRequest>([.. remote.Items.Select(RemoteRecords.ToRequest)], remote.NextPageToken);
                }
            }
            else
            {
                await using var store = await StoreOpener.OpenExistingAsync(parse, ct);
                result = await store.Promotions.ListRequestsAsync(model, wanted, parse.GetValue(max), parse.GetValue(page), ct);
            }
            if (parse.GetValue(GlobalOptions.Json)) console.WriteJson(result);
            else
            {
                ApprovalViews.WriteList(console, result.Items);
                if (result.NextPageToken is { } next) console.Out.WriteLine($"more: --page-token {next}");
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Decide(CliConsole console, bool approve)
    {
        var id = new Argument<long>("id") { Description = "The approval request's number." };
        var reason = new Option<string>("--reason") { Description = "Why: kept with the decision.", Required = true };
        var command = approve
            ? new Command("approve", "Approve another user's request: the alias moves at once (servers swap within a second).") { id, reason }
            : new Command("reject", "Reject another user's request: the alias stays.") { id, reason };
        command.SetAction(async (parse, ct) =>
        {
            var decided = await DecideAsync(parse, approve, parse.GetValue(id), parse.GetValue(reason)!, ct);
            if (parse.GetValue(GlobalOptions.Json)) console.WriteJson(decided);
            else console.Out.WriteLine(approve
                ? $"Approved #{decided.Id}: {decided.Name}@{decided.Alias} -> v{decided.Version}"
                : $"Rejected #{decided.Id}: {decided.Name}@{decided.Alias} stays");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static async Task<ApprovalRequest> DecideAsync(ParseResult parse, bool approve, long id, string reason, CancellationToken ct)
    {
        if (ServerConnection.Open(parse) is { } client)
        {
            // The server checks the approver role and that the approver is not the requester, and answers 403 if not.
            using (client) return RemoteRecords.ToRequest(approve ? await client.ApproveAsync(id, reason, ct) : await client.RejectAsync(id, reason, ct));
        }
        await using var store = await StoreOpener.OpenExistingAsync(parse, ct);
        // The library checks the approver role on the request's model and that the approver is not the requester.
        var actor = await CliActor.ResolveAsync(store, ct);
        return approve ? await store.Promotions.ApproveAsync(id, actor, reason, ct) : await store.Promotions.RejectAsync(id, actor, reason, ct);
    }

    private static Command Rollback(CliConsole console)
    {
        var name = new Argument<string>("name") { Description = "Registered model name." };
        var alias = new Option<string>("--alias") { Description = "Alias to roll back.", DefaultValueFactory = _ => ModelReference.DefaultAlias };
        var command = new Command("rollback", "Point an alias back at the version it served before, in one step, recorded with reason 'rollback'.") { name, alias };
        command.SetAction(async (parse, ct) =>
        {
            var model = NameRules.ModelName(parse.GetValue(name));
            var aliasName = NameRules.Alias(parse.GetValue(alias));
            AliasChange change;
            if (ServerConnection.Open(parse) is { } client)
            {
                using (client) change = RemoteRecords.ToAliasChange(await client.RollbackAsync(model, aliasName, ct));
            }
            else
            {
                await using var store = await StoreOpener.OpenExistingAsync(parse, ct);
                change = await store.Promotions.RollbackAsync(model, aliasName, await CliActor.ResolveAsync(store, ct), ct);
            }
            if (parse.GetValue(GlobalOptions.Json)) console.WriteJson(change);
            else console.Out.WriteLine($"{model}@{aliasName} rolled back: v{change.FromVersion} -> v{change.ToVersion}");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Protect(CliConsole console)
    {
        var name = new Argument<string>("name") { Description = "Registered model name." };
        var alias = new Option<string>("--alias") { Description = "Alias to protect.", DefaultValueFactory = _ => ModelReference.DefaultAlias };
        var unprotect = new Option<bool>("--unprotect") { Description = "Let the alias move directly again." };
        var command = new Command("protect", "Make moving an alias need an approval request (admin); champion is protected by default on a store with users.")
        {
            name, alias, unprotect,
        };
        command.SetAction(async (parse, ct) =>
        {
            var model = NameRules.ModelName(parse.GetValue(name));
            var aliasName = NameRules.Alias(parse.GetValue(alias));
            await using var store = await StoreOpener.OpenExistingAsync(parse, ct);
            var isProtected = !parse.GetValue(unprotect);
            await store.Promotions.SetProtectionAsync(model, aliasName, isProtected, await CliActor.ResolveAsync(store, ct), ct);
            if (parse.GetValue(GlobalOptions.Json)) console.WriteJson(new { model, alias = aliasName, @protected = isProtected });
            else console.Out.WriteLine($"{model}@{aliasName} is {(isProtected ? "protected: it moves only through approved requests" : "unprotected: it moves directly")}");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static ApprovalState ParseState(string text) =>
        Enum.TryParse<ApprovalState>(text, ignoreCase: true, out var state) && !int.TryParse(text, out _) ? state
            : throw new MLCycleException(ErrorKind.BadSpec,
                $"--state '{NameRules.Show(text)}' is not one of {string.Join(", ", Enum.GetNames<ApprovalState>().Select(n => n.ToLowerInvariant()))}.");
}
