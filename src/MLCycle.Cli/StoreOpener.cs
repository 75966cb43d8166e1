using System.CommandLine;
using MLCycle.Storage;

namespace MLCycle.Cli;

/// <summary>Opens the store named by --store and --artifacts; for verbs that read it, refuses to create an empty one by accident.</summary>
public static class StoreOpener
{
    /// <summary>The store options the command line gives.</summary>
    public static StoreOptions Options(ParseResult parse) =>
        new() { Address = parse.GetValue(GlobalOptions.Store)!, ArtifactsDirectory = parse.GetValue(GlobalOptions.Artifacts) };

    /// <summary>Opens the store, creating it if needed (for verbs that write, such as run).</summary>
    public static Task<MLCycleStore> OpenAsync(ParseResult parse, CancellationToken ct) => MLCycleStore.OpenAsync(Options(parse), ct);

    public static Task<MLCycleStore> OpenExistingAsync(ParseResult parse, CancellationToken ct) => OpenExistingAsync(Options(parse), ct);

    public static Task<MLCycleStore> OpenExistingAsync(StoreOptions options, CancellationToken ct)
    {
        // A PostgreSQL database is created by its administrator, not by accident; its tables are made on first open.
        var address = StoreAddress.Parse(options.Address);
        if (address.Folder is { } folder && !File.Exists(Path.Combine(folder, MLCycleStore.DatabaseFileName)))
            throw new MLCycleException(ErrorKind.NotFound, $"No MLCycle store at '{folder}'. Run 'mlcycle run SPEC' first, or pass --store DIR.");
        return MLCycleStore.OpenAsync(options, ct);
    }
}
