using System.CommandLine;
using MLCycle.Cli.Output;
using MLCycle.Storage;

namespace MLCycle.Cli.Commands;

/// <summary>`mlcycle store migrate`: brings the store's schema (SQLite or PostgreSQL) up to this MLCycle's version.</summary>
public static class StoreCommand
{
    public static Command Create(CliConsole console)
    {
        var command = new Command("store", "Manage the store itself.");
        command.Add(Migrate(console));
        return command;
    }

    private static Command Migrate(CliConsole console)
    {
        var command = new Command("migrate", "Apply the store's pending schema migrations and print which ran; refuses a schema newer than this MLCycle.");
        command.SetAction(async (parse, ct) =>
        {
            var address = StoreAddress.Parse(parse.GetValue(GlobalOptions.Store)!);
            var applied = await MLCycleStore.MigrateAsync(parse.GetValue(GlobalOptions.Store)!, ct);
            if (parse.GetValue(GlobalOptions.Json))
            {
                console.WriteJson(new { store = address.ToString(), applied, schemaVersion = MLCycleStore.SchemaVersion });
                return ExitCodes.Ok;
            }
            console.Out.WriteLine(applied.Count == 0
                ? $"Store {address} is at schema version {MLCycleStore.SchemaVersion}; no migration to apply."
                : $"Store {address} migrated to schema version {MLCycleStore.SchemaVersion}; applied:");
            foreach (var migration in applied) console.Out.WriteLine($"  {migration}");
            return ExitCodes.Ok;
        });
        return command;
    }
}
