namespace MLCycle.Tracking;

/// <summary>One page of a search: the items and, when more remain, the token that fetches the next page.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextPageToken)
{
    public bool HasMore => NextPageToken is not null;
}
