using System.Text.Json;
using MLCycle.Data;

namespace MLCycle.Server.Apis;

/// <summary>The Open Inference Protocol's tensor datatypes, which of them fit a model's input column, and whether a JSON value is one.</summary>
internal static class TensorDatatypes
{
    public const string Bool = "BOOL";
    public const string Bytes = "BYTES";
    public const string Fp64 = "FP64";

    private static readonly string[] Floats = ["FP16", "FP32", Fp64];
    private static readonly string[] Integers = ["INT8", "INT16", "INT32", "INT64", "UINT8", "UINT16", "UINT32", "UINT64"];

    public static bool IsKnown(string datatype) => datatype is Bool or Bytes || Floats.Contains(datatype) || Integers.Contains(datatype);

    /// <summary>The datatype the metadata route declares for a column: numbers as FP64 (scored as doubles), booleans as BOOL, the rest as strings.</summary>
    public static string For(ColumnKind kind) => kind switch
    {
        ColumnKind.Numeric => Fp64,
        ColumnKind.Boolean => Bool,
        _ => Bytes,
    };

    /// <summary>Whether a tensor of <paramref name="datatype"/> can feed a column of <paramref name="kind"/>; dates come as text or as numbers.</summary>
    public static bool Fits(ColumnKind kind, string datatype) => kind switch
    {
        ColumnKind.Numeric => Floats.Contains(datatype) || Integers.Contains(datatype),
        ColumnKind.Boolean => datatype == Bool || Integers.Contains(datatype),
        ColumnKind.DateTime => datatype == Bytes || Floats.Contains(datatype) || Integers.Contains(datatype),
        _ => datatype == Bytes,
    };

    /// <summary>What a column of <paramref name="kind"/> accepts, for error messages.</summary>
    public static string Accepted(ColumnKind kind) => kind switch
    {
        ColumnKind.Numeric => "FP16, FP32, FP64 or an integer type",
        ColumnKind.Boolean => "BOOL (or an integer type holding 0 and 1)",
        ColumnKind.DateTime => "BYTES (date text) or a number type",
        _ => "BYTES",
    };

    /// <summary>Null when <paramref name="value"/> is an element of a <paramref name="datatype"/> tensor (JSON null stands for a missing
    /// value, as on the v1 route); otherwise what was expected.</summary>
    public static string? Mismatch(string datatype, JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Null) return null;
        return datatype switch
        {
            Bool => value.ValueKind is JsonValueKind.True or JsonValueKind.False ? null : "true or false",
            Bytes => value.ValueKind == JsonValueKind.String ? null : "a string",
            "UINT64" => value.ValueKind == JsonValueKind.Number && value.TryGetUInt64(out _) ? null : "a whole number of 0 or more",
            _ when Integers.Contains(datatype) => value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var n)
                && (!datatype.StartsWith('U') || n >= 0) ? null : datatype.StartsWith('U') ? "a whole number of 0 or more" : "a whole number",
            _ => value.ValueKind == JsonValueKind.Number ? null : "a number",
        };
    }
}
