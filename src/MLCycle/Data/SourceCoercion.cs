namespace MLCycle.Data;

/// <summary>One change made to a source's column so that sources combine: a type widened, a column filled or renamed.</summary>
public sealed record SourceCoercion(string Column, string Source, string From, string To, string Reason)
{
    /// <summary>The coercion as one sentence for a report or the console.</summary>
    public override string ToString() => $"column '{Column}' of '{Source}': {From} -> {To} ({Reason})";
}
