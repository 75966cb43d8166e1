using System.Text.Json;
using MLCycle.Registry;

namespace MLCycle.Storage;

// The rows Dapper maps the tables into, kept apart from the queries that read them.
internal sealed partial class SqlPromotions
{
    private sealed class RequestRow
    {
        public long Id { get; set; }
        public string Name { get; set; } = "";
        public string Alias { get; set; } = "";
        public int Version { get; set; }
        public string Requester { get; set; } = "";
        public string Reason { get; set; } = "";
        public string State { get; set; } = "";
        public long RequestedAt { get; set; }
        public long ExpiresAt { get; set; }
        public string? Decider { get; set; }
        public string? DecisionReason { get; set; }
        public long? DecidedAt { get; set; }
        public long? SupersededBy { get; set; }
        public string? Evidence { get; set; }

        public ApprovalRequest ToRequest()
        {
            var expiresAt = DateTimeOffset.FromUnixTimeMilliseconds(ExpiresAt);
            var state = Enum.Parse<ApprovalState>(State, ignoreCase: true);
            // Expiry is read, not written: a pending request past its time is expired for every reader at once.
            if (state == ApprovalState.Pending && expiresAt <= DateTimeOffset.UtcNow) state = ApprovalState.Expired;
            using var evidence = Evidence is null ? null : JsonDocument.Parse(Evidence);
            return new ApprovalRequest(Id, Name, Alias, Version, Requester, Reason, state, DateTimeOffset.FromUnixTimeMilliseconds(RequestedAt), expiresAt)
            {
                Decider = Decider,
                DecisionReason = DecisionReason,
                DecidedAt = DecidedAt is { } d ? DateTimeOffset.FromUnixTimeMilliseconds(d) : null,
                SupersededBy = SupersededBy,
                Evidence = evidence?.RootElement.Clone(),
            };
        }
    }

    private sealed class AtRow
    {
        public string Alias { get; set; } = "";
        public int? Version { get; set; }
        public string MovedBy { get; set; } = "";
        public long MovedAt { get; set; }
        public string? Reason { get; set; }
        public long? RequestId { get; set; }
        public string? RequestedBy { get; set; }
    }
}
