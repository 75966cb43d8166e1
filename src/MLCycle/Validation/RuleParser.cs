namespace MLCycle.Validation;

/// <summary>
/// Recursive-descent parser for rules: or &lt; and &lt; one comparison &lt; + - &lt; * / &lt; unary minus &lt; number,
/// column or parentheses. Comparisons join numbers; and/or join comparisons.
/// </summary>
internal sealed class RuleParser
{
    private static readonly Dictionary<string, string> Comparisons = new()
    {
        [">="] = ">=", [">"] = ">", ["<="] = "<=", ["<"] = "<", ["=="] = "=", ["!="] = "<>",
    };

    private readonly string _text;
    private readonly List<RuleToken> _tokens;
    private int _next;

    private RuleParser(string text)
    {
        _text = text;
        _tokens = RuleTokenizer.Tokenize(text);
    }

    public static RuleNode Parse(string text)
    {
        var parser = new RuleParser(text);
        if (parser.Peek.Kind == RuleTokenKind.End) throw CrossColumnRule.Invalid(text, "the rule is empty");
        var root = parser.Or();
        if (parser.Peek.Kind != RuleTokenKind.End) throw parser.Unexpected("the end of the rule");
        if (!root.IsCondition)
            throw CrossColumnRule.Invalid(text, "the rule computes a number but states no condition; compare it, e.g. 'a + b >= 10'");
        return root;
    }

    private RuleToken Peek => _tokens[_next];

    private RuleNode Or()
    {
        var left = And();
        while (Peek.Kind == RuleTokenKind.Or)
        {
            var op = _tokens[_next++];
            left = new RuleNode.Binary("OR", Condition(left, op), Condition(And(), op), true);
        }
        return left;
    }

    private RuleNode And()
    {
        var left = Comparison();
        while (Peek.Kind == RuleTokenKind.And)
        {
            var op = _tokens[_next++];
            left = new RuleNode.Binary("AND", Condition(left, op), Condition(Comparison(), op), true);
        }
        return left;
    }

    private RuleNode Comparison()
    {
        var left = Sum();
        if (Peek.Kind != RuleTokenKind.Operator || !Comparisons.TryGetValue(Peek.Text, out var sql)) return left;
        var op = _tokens[_next++];
        var right = Sum();
        if (Peek.Kind == RuleTokenKind.Operator && Comparisons.ContainsKey(Peek.Text))
            throw CrossColumnRule.Invalid(_text, $"comparisons cannot be chained ('{Peek.Text}' at position {Peek.Position}); join them with 'and'");
        return new RuleNode.Binary(sql, Number(left, op), Number(right, op), true);
    }

    private RuleNode Sum()
    {
        var left = Product();
        while (Peek is { Kind: RuleTokenKind.Operator, Text: "+" or "-" })
        {
            var op = _tokens[_next++];
            left = new RuleNode.Binary(op.Text, Number(left, op), Number(Product(), op), false);
        }
        return left;
    }

    private RuleNode Product()
    {
        var left = Unary();
        while (Peek is { Kind: RuleTokenKind.Operator, Text: "*" or "/" })
        {
            var op = _tokens[_next++];
            left = new RuleNode.Binary(op.Text, Number(left, op), Number(Unary(), op), false);
        }
        return left;
    }

    private RuleNode Unary()
    {
        if (Peek is not { Kind: RuleTokenKind.Operator, Text: "-" }) return Primary();
        var op = _tokens[_next++];
        return new RuleNode.Negate(Number(Unary(), op));
    }

    private RuleNode Primary()
    {
        var token = _tokens[_next];
        switch (token.Kind)
        {
            case RuleTokenKind.Number:
                _next++;
                return new RuleNode.Literal(token.Number);
            case RuleTokenKind.Identifier:
                _next++;
                return new RuleNode.Column(token.Text);
            case RuleTokenKind.Open:
                _next++;
                var inner = Or();
                if (Peek.Kind != RuleTokenKind.Close) throw Unexpected($"')' to close the '(' at position {token.Position}");
                _next++;
                return inner;
            default:
                throw Unexpected("a column name, a number or '('");
        }
    }

    private RuleNode Condition(RuleNode node, RuleToken op) => node.IsCondition ? node
        : throw CrossColumnRule.Invalid(_text, $"'{op.Text}' at position {op.Position} joins conditions, but one side is a number; compare it first");

    private RuleNode Number(RuleNode node, RuleToken op) => !node.IsCondition ? node
        : throw CrossColumnRule.Invalid(_text, $"'{op.Text}' at position {op.Position} works on numbers, but one side is a condition");

    private MLCycleException Unexpected(string expected)
    {
        var found = Peek.Kind == RuleTokenKind.End ? "the end of the rule" : $"'{Peek.Text}' at position {Peek.Position}";
        return CrossColumnRule.Invalid(_text, $"expected {expected}, found {found}");
    }
}
