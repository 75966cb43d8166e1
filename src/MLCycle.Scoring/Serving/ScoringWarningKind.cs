namespace MLCycle.Serving;

/// <summary>The kinds of warning scoring gives, as metric labels.</summary>
public static class ScoringWarningKind
{
    public const string UnseenCategory = "unseen_category";
    public const string UnknownColumn = "unknown_column";
    public const string OutOfRange = "out_of_range";
}
