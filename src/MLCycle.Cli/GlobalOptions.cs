using System.CommandLine;

namespace MLCycle.Cli;

/// <summary>Options every verb takes: where the store lives, and JSON output for scripts.</summary>
public static class GlobalOptions
{
    public static readonly Option<string> Store = new("--store")
    {
        Description = "Store directory (SQLite database + artifacts).",
        DefaultValueFactory = _ => ".mlcycle",
        Recursive = true,
    };

    public static readonly Option<bool> Json = new("--json")
    {
        Description = "Write machine-readable JSON to standard output.",
        Recursive = true,
    };
}
