using System.Globalization;

namespace MLCycle.Validation;

/// <summary>
/// Splits a rule into numbers, column names (plain words, or any text in backticks), operators and parentheses;
/// every other character is refused, so nothing of the rule text reaches SQL except through the parsed tree.
/// </summary>
internal static class RuleTokenizer
{
    private static readonly string[] Operators = [">=", "<=", "==", "!=", ">", "<", "+", "-", "*", "/"];

    public static List<RuleToken> Tokenize(string text)
    {
        var tokens = new List<RuleToken>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c)) { i++; continue; }
            var start = i;
            if (char.IsAsciiDigit(c) || (c == '.' && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1])))
            {
                i = NumberEnd(text, i);
                var literal = text[start..i];
                if (!double.TryParse(literal, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
                    throw CrossColumnRule.Invalid(text, $"'{literal}' at position {start + 1} is not a number");
                tokens.Add(new RuleToken(RuleTokenKind.Number, literal, start + 1, value));
            }
            else if (char.IsAsciiLetter(c) || c == '_')
            {
                while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] == '_')) i++;
                var word = text[start..i];
                var kind = word.ToLowerInvariant() switch { "and" => RuleTokenKind.And, "or" => RuleTokenKind.Or, _ => RuleTokenKind.Identifier };
                tokens.Add(new RuleToken(kind, word, start + 1));
            }
            else if (c == '`')
            {
                var close = text.IndexOf('`', i + 1);
                if (close < 0) throw CrossColumnRule.Invalid(text, $"the backtick at position {start + 1} is never closed");
                if (close == i + 1) throw CrossColumnRule.Invalid(text, $"empty column name in backticks at position {start + 1}");
                tokens.Add(new RuleToken(RuleTokenKind.Identifier, text[(i + 1)..close], start + 1));
                i = close + 1;
            }
            else if (c is '(' or ')')
            {
                tokens.Add(new RuleToken(c == '(' ? RuleTokenKind.Open : RuleTokenKind.Close, c.ToString(), start + 1));
                i++;
            }
            else if (Operators.FirstOrDefault(o => string.CompareOrdinal(text, i, o, 0, o.Length) == 0) is { } op)
            {
                tokens.Add(new RuleToken(RuleTokenKind.Operator, op, start + 1));
                i += op.Length;
            }
            else
            {
                throw CrossColumnRule.Invalid(text, $"unexpected character '{c}' at position {start + 1}; a rule may hold column names, " +
                    "numbers, + - * /, parentheses, comparisons (>= > <= < == !=), 'and' and 'or'");
            }
        }
        tokens.Add(new RuleToken(RuleTokenKind.End, "", text.Length + 1));
        return tokens;
    }

    private static int NumberEnd(string text, int i)
    {
        while (i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] == '.')) i++;
        if (i < text.Length && text[i] is 'e' or 'E')
        {
            var j = i + 1;
            if (j < text.Length && text[j] is '+' or '-') j++;
            if (j < text.Length && char.IsAsciiDigit(text[j]))
            {
                i = j;
                while (i < text.Length && char.IsAsciiDigit(text[i])) i++;
            }
        }
        return i;
    }
}
