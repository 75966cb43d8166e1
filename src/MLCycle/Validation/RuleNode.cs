using MLCycle.Data;

namespace MLCycle.Validation;

/// <summary>A node of a parsed rule; <see cref="IsCondition"/> tells true/false nodes (comparisons, and, or) from numbers.</summary>
internal abstract record RuleNode
{
    public abstract bool IsCondition { get; }

    /// <summary>DuckDB SQL for the node, with each column name replaced by what <paramref name="column"/> returns for it.</summary>
    public abstract string ToSql(Func<string, string> column);

    /// <summary>A number literal.</summary>
    public sealed record Literal(double Value) : RuleNode
    {
        public override bool IsCondition => false;
        public override string ToSql(Func<string, string> column) => SqlText.Double(Value);
    }

    /// <summary>A column's value.</summary>
    public sealed record Column(string Name) : RuleNode
    {
        public override bool IsCondition => false;
        public override string ToSql(Func<string, string> column) => column(Name);
    }

    /// <summary>A negated number.</summary>
    public sealed record Negate(RuleNode Operand) : RuleNode
    {
        public override bool IsCondition => false;
        public override string ToSql(Func<string, string> column) => $"(-{Operand.ToSql(column)})";
    }

    /// <summary>Arithmetic, a comparison, or and/or; <see cref="SqlOperator"/> comes from a fixed set, never from the rule text.</summary>
    public sealed record Binary(string SqlOperator, RuleNode Left, RuleNode Right, bool Condition) : RuleNode
    {
        public override bool IsCondition => Condition;
        public override string ToSql(Func<string, string> column) => $"({Left.ToSql(column)} {SqlOperator} {Right.ToSql(column)})";
    }
}
