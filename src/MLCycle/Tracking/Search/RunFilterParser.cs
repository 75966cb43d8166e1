using System.Globalization;
using System.Text;

namespace MLCycle.Tracking.Search;

/// <summary>A hand-written scanner and recursive-descent parser of the filter language, reading the text once, left to right.
/// Grammar: <c>filter = condition {"and" condition}</c>; <c>condition = field op value</c>; <c>field = entity "." key</c>, the key bare
/// or in backticks or double quotes (doubled to escape); <c>value</c> = a number or a string in single quotes ('' escapes a quote).
/// Every error names the 1-based position, what was expected there and what was found.</summary>
internal sealed class RunFilterParser(string text, string what)
{
    private const int MaxLength = 10_000;
    private const int MaxConditions = 50;

    private int position;

    private bool AtEnd => position >= text.Length;

    public List<RunCondition> ParseFilter()
    {
        CheckLength();
        var conditions = new List<RunCondition>();
        while (true)
        {
            SkipSpace();
            conditions.Add(ParseCondition());
            SkipSpace();
            if (AtEnd) return conditions;
            var start = position;
            var word = ReadWord();
            if (!word.Equals("and", StringComparison.OrdinalIgnoreCase) || word.Length == 0)
            {
                throw Error(start, "'and' or the end of the filter (conditions are joined by 'and' only)", Found(start, word));
            }
            if (conditions.Count == MaxConditions)
            {
                throw Error(start, $"at most {MaxConditions} conditions", "more");
            }
        }
    }

    public RunOrder ParseOrder()
    {
        CheckLength();
        SkipSpace();
        var field = ParseField();
        SkipSpace();
        var descending = false;
        if (!AtEnd)
        {
            var start = position;
            var word = ReadWord();
            descending = word.Equals("desc", StringComparison.OrdinalIgnoreCase);
            if (!descending && !word.Equals("asc", StringComparison.OrdinalIgnoreCase))
            {
                throw Error(start, "ASC, DESC or the end of the order_by key", Found(start, word));
            }
            SkipSpace();
            if (!AtEnd) throw Error(position, "the end of the order_by key", Found(position));
        }
        return new RunOrder(field, descending);
    }

    private RunCondition ParseCondition()
    {
        var start = position;
        var field = ParseField();
        SkipSpace();
        var operatorStart = position;
        var op = ParseOperator();
        var isMatch = op is SearchOperator.Like or SearchOperator.ILike;
        if (field.IsNumeric && isMatch)
        {
            throw Error(operatorStart, $"one of =, !=, <, <=, >, >= after {field} (like and ilike compare strings)", Found(operatorStart));
        }
        if (!field.IsNumeric && op is not (SearchOperator.Equal or SearchOperator.NotEqual) && !isMatch)
        {
            throw Error(operatorStart, $"one of =, !=, like, ilike after {field} (it holds strings)", Found(operatorStart));
        }
        SkipSpace();
        var valueStart = position;
        if (AtEnd) throw Error(position, "a value: a number or a string in single quotes", Found(position));
        if (text[position] == '\'')
        {
            var value = ReadQuoted('\'', "string");
            if (field.IsNumeric) throw Error(valueStart, $"a number after {field}", $"the string '{NameRules.Show(value)}'");
            return new RunCondition(field, op, null, field is { Entity: SearchEntity.Attribute, Key: "status" } && !isMatch ? StatusName(value, valueStart) : value, start + 1);
        }
        if (IsNumberStart())
        {
            var number = ReadNumber();
            if (!field.IsNumeric)
            {
                throw Error(valueStart, $"a string in single quotes after {field} (e.g. {field} = '{text[valueStart..position]}')", $"the number {text[valueStart..position]}");
            }
            return new RunCondition(field, op, number, null, start + 1);
        }
        throw Error(position, "a value: a number or a string in single quotes", Found(position));
    }

    private RunField ParseField()
    {
        var start = position;
        var word = ReadWord();
        if (word.Length == 0)
        {
            throw Error(start, "a field such as metrics.auc, params.algorithm, tags.team or attributes.status", Found(start));
        }
        var entity = word.ToLowerInvariant() switch
        {
            "metrics" or "metric" => SearchEntity.Metric,
            "params" or "param" or "parameters" => SearchEntity.Param,
            "tags" or "tag" => SearchEntity.Tag,
            "attributes" or "attribute" or "attr" or "run" => SearchEntity.Attribute,
            _ => throw Error(start, "metrics, params, tags or attributes", $"'{NameRules.Show(word)}'"),
        };
        if (AtEnd || text[position] != '.') throw Error(position, $"'.' and a key after '{word}'", Found(position));
        position++;
        var keyStart = position;
        var key = !AtEnd && text[position] is '`' or '"' ? ReadQuoted(text[position], "key") : ReadKey();
        if (key.Length == 0) throw Error(keyStart, "a key (in backticks if it holds spaces or operators)", Found(keyStart));
        if (entity == SearchEntity.Attribute)
        {
            key = key.ToLowerInvariant() switch { "run_name" => "name", "id" => "run_id", var k => k };
            if (!RunFilter.Attributes.Contains(key))
            {
                throw Error(keyStart, $"one of the attributes {string.Join(", ", RunFilter.Attributes)}", $"'{NameRules.Show(key)}'");
            }
        }
        return new RunField(entity, key);
    }

    private SearchOperator ParseOperator()
    {
        var start = position;
        string Next(int length) => position + length <= text.Length ? text.Substring(position, length) : "";
        (SearchOperator Op, int Length)? symbol = Next(2) switch
        {
            "!=" => (SearchOperator.NotEqual, 2),
            "<=" => (SearchOperator.LessOrEqual, 2),
            ">=" => (SearchOperator.GreaterOrEqual, 2),
            "==" => (SearchOperator.Equal, 2),
            _ => Next(1) switch
            {
                "=" => (SearchOperator.Equal, 1),
                "<" => (SearchOperator.Less, 1),
                ">" => (SearchOperator.Greater, 1),
                _ => null,
            },
        };
        if (symbol is { } found)
        {
            position += found.Length;
            return found.Op;
        }
        var word = ReadWord();
        if (word.Equals("like", StringComparison.OrdinalIgnoreCase)) return SearchOperator.Like;
        if (word.Equals("ilike", StringComparison.OrdinalIgnoreCase)) return SearchOperator.ILike;
        throw Error(start, "an operator: =, !=, <, <=, >, >=, like or ilike", Found(start, word));
    }

    /// <summary>Reads a quoted key or string starting at the opening <paramref name="quote"/>; a doubled quote stands for one.</summary>
    private string ReadQuoted(char quote, string kind)
    {
        var open = position++;
        var value = new StringBuilder();
        while (true)
        {
            if (AtEnd) throw Error(open, $"a closing {quote} for the {kind} opened at position {open + 1}", Found(position));
            var c = text[position++];
            if (c != quote)
            {
                value.Append(c);
            }
            else if (!AtEnd && text[position] == quote)
            {
                value.Append(quote);
                position++;
            }
            else
            {
                return value.ToString();
            }
        }
    }

    private double ReadNumber()
    {
        var start = position;
        if (text[position] is '+' or '-') position++;
        while (!AtEnd && (char.IsAsciiDigit(text[position]) || text[position] == '.')) position++;
        if (!AtEnd && text[position] is 'e' or 'E')
        {
            position++;
            if (!AtEnd && text[position] is '+' or '-') position++;
            while (!AtEnd && char.IsAsciiDigit(text[position])) position++;
        }
        var literal = text[start..position];
        if (!double.TryParse(literal, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) || !double.IsFinite(number)
            || (!AtEnd && (char.IsAsciiLetterOrDigit(text[position]) || text[position] == '_')))
        {
            while (!AtEnd && !char.IsWhiteSpace(text[position])) position++;
            throw Error(start, "a number such as 0.8, -3 or 1e-4", $"'{NameRules.Show(text[start..position])}'");
        }
        return number;
    }

    private bool IsNumberStart()
    {
        var c = text[position];
        if (char.IsAsciiDigit(c)) return true;
        var next = position + 1 < text.Length ? text[position + 1] : '\0';
        return (c is '+' or '-' && (char.IsAsciiDigit(next) || next == '.')) || (c == '.' && char.IsAsciiDigit(next));
    }

    private string ReadWord()
    {
        var start = position;
        while (!AtEnd && (char.IsAsciiLetterOrDigit(text[position]) || text[position] == '_')) position++;
        return text[start..position];
    }

    private string ReadKey()
    {
        var start = position;
        while (!AtEnd && (char.IsAsciiLetterOrDigit(text[position]) || text[position] is '_' or '-' or '.' or '/' or ':')) position++;
        return text[start..position];
    }

    private void SkipSpace()
    {
        while (!AtEnd && char.IsWhiteSpace(text[position])) position++;
    }

    private string StatusName(string value, int valueStart) =>
        Enum.TryParse<RunStatus>(value, ignoreCase: true, out var status) && Enum.IsDefined(status) && !int.TryParse(value, out _)
            ? status.ToString()
            : throw Error(valueStart, $"a run status: {string.Join(", ", Enum.GetNames<RunStatus>())}", $"'{NameRules.Show(value)}'");

    private string Found(int at, string? word = null)
    {
        if (at >= text.Length) return $"the end of the {what}";
        var shown = string.IsNullOrEmpty(word) ? text.Substring(at, Math.Min(20, text.Length - at)).Split(' ')[0] : word;
        return $"'{NameRules.Show(shown.Length == 0 ? text[at].ToString() : shown)}'";
    }

    private void CheckLength()
    {
        if (text.Length > MaxLength)
        {
            throw new MLCycleException(ErrorKind.BadSpec, $"The {what} is {text.Length} characters long; at most {MaxLength} are accepted.");
        }
    }

    private MLCycleException Error(int at, string expected, string found)
    {
        var shown = text.Length <= 200 ? text : text[..200] + "…";
        return new MLCycleException(ErrorKind.BadSpec,
            $"Bad {what} at position {at + 1}: expected {expected}, found {found}. The {what} was: {NameRules.Show(shown)}");
    }
}
