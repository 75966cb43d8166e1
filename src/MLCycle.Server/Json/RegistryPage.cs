namespace MLCycle.Server.Json;

/// <summary>One page of a registry list; <see cref="NextPageToken"/> fetches the next (?page_token=), null on the last page.</summary>
internal sealed record RegistryPage<T>(IReadOnlyList<T> Items, string? NextPageToken);
