namespace MLCycle.Client;

/// <summary>One page of a listing; pass <see cref="NextPageToken"/> to get the next, null on the last page.</summary>
/// <param name="Items">The items of this page.</param>
/// <param name="NextPageToken">The token of the next page, or null.</param>
public sealed record ResultPage<T>(IReadOnlyList<T> Items, string? NextPageToken);
