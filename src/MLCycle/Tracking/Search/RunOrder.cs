namespace MLCycle.Tracking.Search;

/// <summary>One sort key of a search, such as <c>metrics.auc DESC</c>; runs without the field sort last either way.</summary>
public sealed record RunOrder(RunField Field, bool Descending)
{
    /// <summary>The most sort keys a search takes.</summary>
    public const int MaxKeys = 10;

    /// <summary>Parses each of <paramref name="orderBy"/> (<c>metrics.auc DESC</c>, <c>attributes.start_time ASC</c>, <c>params.trees</c>);
    /// throws a BadSpec <see cref="MLCycleException"/> naming the bad key and the position in it.</summary>
    public static IReadOnlyList<RunOrder> Parse(IReadOnlyList<string>? orderBy)
    {
        if (orderBy is null || orderBy.Count == 0) return [];
        if (orderBy.Count > MaxKeys)
        {
            throw new MLCycleException(ErrorKind.BadSpec, $"A search takes at most {MaxKeys} order_by keys; got {orderBy.Count}.");
        }
        return [.. orderBy.Select(text => new RunFilterParser(text ?? "", "order_by key").ParseOrder())];
    }
}
