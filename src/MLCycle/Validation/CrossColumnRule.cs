namespace MLCycle.Validation;

/// <summary>
/// A condition over columns that every row must meet, e.g. <c>age &gt;= years_employed + 14</c>: column names (plain
/// words, or backticks for any other name), numbers, + - * /, parentheses, &gt;= &gt; &lt;= &lt; == !=, and, or.
/// </summary>
public sealed record CrossColumnRule
{
    private CrossColumnRule(string text, RuleNode root)
    {
        Text = text;
        Root = root;
        Columns = Collect(root).Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>The rule as written.</summary>
    public string Text { get; }

    /// <summary>The column names the rule reads, in order of first use.</summary>
    public IReadOnlyList<string> Columns { get; }

    internal RuleNode Root { get; }

    /// <summary>Parses a rule; a malformed one is an <see cref="MLCycleException"/> of kind <see cref="ErrorKind.BadSpec"/> saying where and why.</summary>
    public static CrossColumnRule Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new CrossColumnRule(text, RuleParser.Parse(text));
    }

    public bool Equals(CrossColumnRule? other) => other is not null && Text == other.Text;

    public override int GetHashCode() => Text.GetHashCode(StringComparison.Ordinal);

    internal static MLCycleException Invalid(string text, string reason) =>
        new(ErrorKind.BadSpec, $"rule \"{text}\": {reason}.");

    private static IEnumerable<string> Collect(RuleNode node) => node switch
    {
        RuleNode.Column c => [c.Name],
        RuleNode.Negate n => Collect(n.Operand),
        RuleNode.Binary b => Collect(b.Left).Concat(Collect(b.Right)),
        _ => [],
    };
}
