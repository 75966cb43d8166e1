using System.CommandLine;

namespace MLCycle.Cli;

/// <summary>Options every verb takes: where the store and its artifacts live (or the server that keeps them), and JSON output for scripts.</summary>
public static class GlobalOptions
{
    public static readonly Option<string> Store = new("--store")
    {
        Description = "Store: a directory (SQLite database + artifacts) or postgresql://user[:password]@host[:port]/db[?schema=name] (password also from PGPASSWORD or ~/.pgpass).",
        DefaultValueFactory = _ => ".mlcycle",
        Recursive = true,
    };

    public static readonly Option<string?> Artifacts = new("--artifacts")
    {
        Description = "Artifact folder (model packages, reports). Default: DIR/artifacts for a directory store; required for PostgreSQL.",
        Recursive = true,
    };

    public static readonly Option<string?> Server = new("--server")
    {
        Description = "A team server (https://host:5080) instead of a local store, with your API token in MLCYCLE_TOKEN: for run (trains here, publishes to the server), runs list|show, models list|show|request-promotion|requests|approve|reject|rollback, and audit.",
        Recursive = true,
    };

    public static readonly Option<bool> Json = new("--json")
    {
        Description = "Write machine-readable JSON to standard output.",
        Recursive = true,
    };
}
