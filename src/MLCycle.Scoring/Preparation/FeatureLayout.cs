using Microsoft.ML.Data;
using MLCycle.Data;

namespace MLCycle.Preparation;

/// <summary>
/// Where each input column lands in a <see cref="FeatureRow"/>, decided only by the manifest's inputs so that
/// training and serving agree: Numeric and Boolean take one numeric slot, DateTime five (year, month, day,
/// day of week, hour, UTC), Categorical a one-hot token (or a hashed one when no categories were kept), Text a text slot.
/// </summary>
public sealed class FeatureLayout
{
    /// <summary>The date parts a DateTime column becomes, in slot order.</summary>
    public static readonly IReadOnlyList<string> DateParts = ["year", "month", "day", "day_of_week", "hour"];

    private readonly List<string> _numericSlots = [];
    private readonly List<string> _categorical = [];
    private readonly List<string> _hashed = [];
    private readonly List<string> _text = [];

    /// <summary>Assigns slots to the inputs in their order.</summary>
    public FeatureLayout(IReadOnlyList<InputColumn> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        Inputs = inputs;
        var offsets = new int[inputs.Count];
        for (var i = 0; i < inputs.Count; i++)
        {
            var input = inputs[i];
            switch (input.Kind)
            {
                case ColumnKind.Numeric or ColumnKind.Boolean:
                    offsets[i] = _numericSlots.Count;
                    _numericSlots.Add(input.Name);
                    break;
                case ColumnKind.DateTime:
                    offsets[i] = _numericSlots.Count;
                    _numericSlots.AddRange(DateParts.Select(p => $"{input.Name}.{p}"));
                    break;
                case ColumnKind.Categorical when input.Categories is not null:
                    offsets[i] = _categorical.Count;
                    _categorical.Add(input.Name);
                    break;
                case ColumnKind.Categorical:
                    offsets[i] = _hashed.Count;
                    _hashed.Add(input.Name);
                    break;
                case ColumnKind.Text:
                    offsets[i] = _text.Count;
                    _text.Add(input.Name);
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(inputs), input.Kind, $"Column '{input.Name}' has an unknown kind.");
            }
        }
        Offsets = offsets;
    }

    /// <summary>The model inputs, in manifest order.</summary>
    public IReadOnlyList<InputColumn> Inputs { get; }
    /// <summary>For each input, its first slot in the vector its kind belongs to.</summary>
    public IReadOnlyList<int> Offsets { get; }
    /// <summary>Names of the numeric slots ("age", "date.year", ...).</summary>
    public IReadOnlyList<string> NumericSlots => _numericSlots;
    /// <summary>Size of the numeric vector.</summary>
    public int NumericCount => _numericSlots.Count;
    /// <summary>Size of the one-hot categorical vector.</summary>
    public int CategoricalCount => _categorical.Count;
    /// <summary>Size of the hashed categorical vector.</summary>
    public int HashedCount => _hashed.Count;
    /// <summary>Size of the text vector.</summary>
    public int TextCount => _text.Count;

    /// <summary>Whether the input is one-hot encoded (as opposed to hashed) — it kept its categories.</summary>
    public bool IsHashed(int input) => Inputs[input].Kind == ColumnKind.Categorical && Inputs[input].Categories is null;

    /// <summary>A fresh row whose vectors have this layout's sizes.</summary>
    public FeatureRow CreateRow() => new()
    {
        Numeric = new float[NumericCount],
        Categorical = new string[CategoricalCount],
        Hashed = new string[HashedCount],
        Text = new string[TextCount],
    };

    /// <summary>
    /// The ML.NET schema of a <see cref="FeatureRow"/> for this layout; with a task, the matching label field is kept
    /// and renamed "Label", the others dropped. Empty vectors are removed, since ML.NET reads size 0 as "variable".
    /// </summary>
    public SchemaDefinition CreateSchema(TaskKind? labelTask = null, int classCount = 0)
    {
        var schema = SchemaDefinition.Create(typeof(FeatureRow));
        SetVector(schema, nameof(FeatureRow.Numeric), NumberDataViewType.Single, NumericCount);
        SetVector(schema, nameof(FeatureRow.Categorical), TextDataViewType.Instance, CategoricalCount);
        SetVector(schema, nameof(FeatureRow.Hashed), TextDataViewType.Instance, HashedCount);
        SetVector(schema, nameof(FeatureRow.Text), TextDataViewType.Instance, TextCount);
        var keep = labelTask switch
        {
            TaskKind.Binary => nameof(FeatureRow.BinaryLabel),
            TaskKind.Multiclass => nameof(FeatureRow.ClassKey),
            TaskKind.Regression => nameof(FeatureRow.Label),
            _ => null,
        };
        foreach (var label in new[] { nameof(FeatureRow.Label), nameof(FeatureRow.BinaryLabel), nameof(FeatureRow.ClassKey) })
        {
            if (label != keep) schema.Remove(schema[label]);
        }
        if (labelTask == TaskKind.Multiclass) schema[nameof(FeatureRow.ClassKey)].ColumnType = new KeyDataViewType(typeof(uint), classCount);
        if (keep is not null) schema[keep].ColumnName = "Label";
        return schema;
    }

    private static void SetVector(SchemaDefinition schema, string member, PrimitiveDataViewType itemType, int size)
    {
        var column = schema[member];
        if (size == 0) schema.Remove(column);
        else column.ColumnType = new VectorDataViewType(itemType, size);
    }
}
