using MLCycle.Registry;

namespace MLCycle.Storage;

// The rows Dapper maps the tables into, kept apart from the queries that read them.
internal sealed partial class SqlModelRegistry
{
    private sealed class ModelRow
    {
        public string Name { get; set; } = "";
        public long CreatedAt { get; set; }
        public string? Description { get; set; }
    }

    private sealed class VersionRow
    {
        public string Name { get; set; } = "";
        public int Version { get; set; }
        public string RunId { get; set; } = "";
        public string PackagePath { get; set; } = "";
        public long CreatedAt { get; set; }
        public string? Description { get; set; }
        public string? PackageSha256 { get; set; }

        public ModelVersion ToVersion() => new(Name, Version, RunId, PackagePath, DateTimeOffset.FromUnixTimeMilliseconds(CreatedAt), Description, PackageSha256);
    }

    private sealed class HistoryRow
    {
        public string Name { get; set; } = "";
        public string Alias { get; set; } = "";
        public int? FromVersion { get; set; }
        public int? ToVersion { get; set; }
        public string Actor { get; set; } = "";
        public string? Reason { get; set; }
        public long ChangedAt { get; set; }
        public long? RequestId { get; set; }
    }
}
