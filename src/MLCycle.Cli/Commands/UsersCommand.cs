using System.CommandLine;
using MLCycle.Access;
using MLCycle.Cli.Output;
using MLCycle.Storage;

namespace MLCycle.Cli.Commands;

/// <summary>`mlcycle users add | list | grant | revoke | rotate`: who may use the server, run on the store's own machine.</summary>
public static class UsersCommand
{
    public static Command Create(CliConsole console)
    {
        var command = new Command("users", "Manage server users, their API tokens and their roles on models and experiments.");
        command.Add(Add(console));
        command.Add(List(console));
        command.Add(GrantRole(console));
        command.Add(Revoke(console));
        command.Add(Rotate(console));
        return command;
    }

    /// <summary>Who a change made from this machine is recorded as in the audit log.</summary>
    internal static string LocalActor => $"local:{Environment.UserName}";

    private static Command Add(CliConsole console)
    {
        var name = new Argument<string>("name") { Description = "User name: letters, digits, '.', '_' or '-', starting with a letter." };
        var admin = new Option<bool>("--admin") { Description = "Make the user an admin of everything, users included." };
        var command = new Command("add", "Create a user and print its API token, once: only a hash of it is stored.") { name, admin };
        command.SetAction(async (parse, ct) =>
        {
            var userName = NameRules.UserName(parse.GetValue(name));
            // The first admin is made before any server ran, so this verb may create the store.
            await using var store = await StoreOpener.OpenAsync(parse, ct);
            var issued = await store.Users.AddUserAsync(userName, parse.GetValue(admin), LocalActor, ct);
            WriteToken(console, parse, issued, $"Created user {issued.User}{(parse.GetValue(admin) ? " (admin)" : "")}.");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command List(CliConsole console)
    {
        var command = new Command("list", "List users with their live token count and roles.");
        command.SetAction(async (parse, ct) =>
        {
            await using var store = await RunsCommand.OpenAsync(parse, ct);
            var users = await store.Users.ListUsersAsync(ct);
            if (parse.GetValue(GlobalOptions.Json)) console.WriteJson(users);
            else UserViews.WriteList(console, users);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command GrantRole(CliConsole console)
    {
        var name = new Argument<string>("name") { Description = "User name." };
        var model = new Option<string>("--model") { Description = "The model the role applies to." };
        var experiment = new Option<string>("--experiment") { Description = "The experiment the role applies to." };
        var role = new Option<string>("--role") { Description = $"One of {string.Join(", ", Roles.Names)}.", Required = true };
        var command = new Command("grant", "Give a user a role on a model or an experiment (or, with neither, everywhere), replacing the role it held there.")
        {
            name, model, experiment, role,
        };
        command.SetAction(async (parse, ct) =>
        {
            var userName = NameRules.UserName(parse.GetValue(name));
            var grant = (parse.GetValue(model), parse.GetValue(experiment)) switch
            {
                ({ } m, null) => new Grant(GrantScope.Model, NameRules.ModelName(m), Roles.Parse(parse.GetValue(role))),
                (null, { } e) => new Grant(GrantScope.Experiment, NameRules.ExperimentName(e), Roles.Parse(parse.GetValue(role))),
                (null, null) => new Grant(GrantScope.Global, "", Roles.Parse(parse.GetValue(role))),
                _ => throw new MLCycleException(ErrorKind.BadSpec, "Give --model or --experiment, not both: a grant applies to one of them."),
            };
            await using var store = await RunsCommand.OpenAsync(parse, ct);
            await store.Users.GrantAsync(userName, grant, LocalActor, ct);
            if (parse.GetValue(GlobalOptions.Json)) console.WriteJson(new { user = userName, grant });
            else console.Out.WriteLine($"{userName}: {grant}");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Revoke(CliConsole console)
    {
        var name = new Argument<string>("name") { Description = "User name." };
        var model = new Option<string>("--model") { Description = "Take away the user's role on this model instead of its tokens." };
        var experiment = new Option<string>("--experiment") { Description = "Take away the user's role on this experiment instead of its tokens." };
        var everywhere = new Option<bool>("--everywhere") { Description = "Take away the user's global role (granted with neither --model nor --experiment)." };
        var command = new Command("revoke",
            "Revoke every API token of a user (running servers stop accepting them within 30 seconds), or with --model, --experiment or --everywhere, one of its roles.")
        {
            name, model, experiment, everywhere,
        };
        command.SetAction(async (parse, ct) =>
        {
            var userName = NameRules.UserName(parse.GetValue(name));
            (GrantScope Scope, string Target)? grant = (parse.GetValue(model), parse.GetValue(experiment), parse.GetValue(everywhere)) switch
            {
                (null, null, false) => null,
                ({ } m, null, false) => (GrantScope.Model, NameRules.ModelName(m)),
                (null, { } e, false) => (GrantScope.Experiment, NameRules.ExperimentName(e)),
                (null, null, true) => (GrantScope.Global, ""),
                _ => throw new MLCycleException(ErrorKind.BadSpec, "Give one of --model, --experiment or --everywhere: a role is revoked on one scope at a time."),
            };
            await using var store = await RunsCommand.OpenAsync(parse, ct);
            if (grant is { } scope)
            {
                var removed = await store.Users.RevokeGrantAsync(userName, scope.Scope, scope.Target, LocalActor, ct);
                if (parse.GetValue(GlobalOptions.Json)) console.WriteJson(new { user = userName, revokedGrant = removed });
                else console.Out.WriteLine($"{userName} is no longer {removed}; its tokens and other roles stay.");
                return ExitCodes.Ok;
            }
            var revoked = await store.Users.RevokeTokensAsync(userName, LocalActor, ct);
            if (parse.GetValue(GlobalOptions.Json)) console.WriteJson(new { user = userName, revoked });
            else console.Out.WriteLine($"Revoked {revoked} token{(revoked == 1 ? "" : "s")} of {userName}; 'mlcycle users rotate {userName}' issues a new one.");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Rotate(CliConsole console)
    {
        var name = new Argument<string>("name") { Description = "User name." };
        var command = new Command("rotate", "Revoke every API token of a user and print a new one, once.") { name };
        command.SetAction(async (parse, ct) =>
        {
            var userName = NameRules.UserName(parse.GetValue(name));
            await using var store = await RunsCommand.OpenAsync(parse, ct);
            var issued = await store.Users.RotateTokenAsync(userName, LocalActor, ct);
            WriteToken(console, parse, issued, $"New token for {issued.User}; the old ones are revoked.");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static void WriteToken(CliConsole console, ParseResult parse, IssuedToken issued, string message)
    {
        if (parse.GetValue(GlobalOptions.Json))
        {
            console.WriteJson(issued);
            return;
        }
        console.Err.WriteLine($"{message} Its API token is shown this once; send it as 'Authorization: Bearer TOKEN':");
        console.Out.WriteLine(issued.Token);
    }
}
