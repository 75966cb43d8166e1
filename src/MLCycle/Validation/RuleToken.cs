namespace MLCycle.Validation;

/// <summary>One token of a cross-column rule; <see cref="Position"/> is its 1-based character position in the rule.</summary>
internal sealed record RuleToken(RuleTokenKind Kind, string Text, int Position, double Number = 0);

/// <summary>The kinds of token a rule may hold; anything else is refused by <see cref="RuleTokenizer"/>.</summary>
internal enum RuleTokenKind
{
    Number,
    Identifier,
    Operator,
    And,
    Or,
    Open,
    Close,
    End,
}
