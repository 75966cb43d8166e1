namespace MLCycle.Preparation;

/// <summary>
/// One example as the ML.NET chain sees it. Vector sizes are set per dataset through a runtime
/// <see cref="Microsoft.ML.Data.SchemaDefinition"/> made by <see cref="FeatureLayout"/>.
/// </summary>
public sealed class FeatureRow
{
    /// <summary>Numeric, Boolean and DateTime-part slots; NaN is missing.</summary>
    public float[] Numeric { get; set; } = [];
    /// <summary>Low-cardinality categoricals as "column=value" tokens, one-hot encoded by the chain.</summary>
    public string[] Categorical { get; set; } = [];
    /// <summary>High-cardinality categoricals as "column=value" tokens, hashed by the chain.</summary>
    public string[] Hashed { get; set; } = [];
    /// <summary>Free-text columns, featurized by the chain.</summary>
    public string[] Text { get; set; } = [];
    /// <summary>Regression label.</summary>
    public float Label { get; set; }
    /// <summary>Binary label: true for the positive class.</summary>
    public bool BinaryLabel { get; set; }
    /// <summary>Multiclass label: the 0-based index into the class list (ML.NET maps it to key value index + 1).</summary>
    public uint ClassKey { get; set; }

    /// <summary>A row with copies of this row's input vectors and no label.</summary>
    public FeatureRow CopyInputs() => new() { Numeric = [.. Numeric], Categorical = [.. Categorical], Hashed = [.. Hashed], Text = [.. Text] };
}
