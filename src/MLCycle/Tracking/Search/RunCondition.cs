namespace MLCycle.Tracking.Search;

/// <summary>One condition of a run filter: <paramref name="Field"/> compared by <paramref name="Operator"/> with a number or a string.
/// <paramref name="Position"/> is the 1-based character where the condition starts in the filter text.</summary>
public sealed record RunCondition(RunField Field, SearchOperator Operator, double? Number, string? Text, int Position);

/// <summary>A searchable property of a run: a metric's latest value, a param, a tag, or an attribute of the run itself.</summary>
public sealed record RunField(SearchEntity Entity, string Key)
{
    /// <summary>Whether the field holds numbers (metrics, start and end times) rather than strings.</summary>
    public bool IsNumeric => Entity == SearchEntity.Metric || (Entity == SearchEntity.Attribute && Key is "start_time" or "end_time");

    public override string ToString() => $"{Entity.ToString().ToLowerInvariant()}s.{Key}";
}

/// <summary>What a <see cref="RunField"/> names.</summary>
public enum SearchEntity
{
    Metric,
    Param,
    Tag,
    Attribute,
}

/// <summary>Comparison operators of the filter language.</summary>
public enum SearchOperator
{
    Equal,
    NotEqual,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
    Like,
    ILike,
}
