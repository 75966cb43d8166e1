using System.Buffers;
using System.Text;
using System.Text.Json;
using MLCycle.Data;
using MLCycle.Registry;
using MLCycle.Server.Admission;

namespace MLCycle.Server.Apis;

/// <summary>Reads an Open Inference Protocol infer body {id, inputs: [{name, shape, datatype, data}], outputs} into the rows of JSON
/// values the v1 route scores (one tensor per input column, row r taken from each tensor's r-th element), or into the reason it cannot.</summary>
internal sealed class InferenceRequestReader : IDisposable
{
    private readonly JsonDocument? document;
    // The bytes the document was parsed over (it does not copy them): given back to the pool after the document is disposed.
    private readonly PooledBody? body;
    // Every row's values, column after column, rented for the request (null until the rows are built, and after Dispose).
    private JsonElement[]? values;
    private int written;
    // The rows' shape, released on Dispose so a row kept past the reader throws instead of reading the pool.
    private JsonRow.Shape? shape;

    private InferenceRequestReader(JsonDocument? document, PooledBody? body, string? error)
    {
        this.document = document;
        this.body = body;
        Error = error;
    }

    /// <summary>Why the body is refused (the protocol's error text); null when it was read.</summary>
    public string? Error { get; private set; }

    /// <summary>The request id, echoed in the response.</summary>
    public string? Id { get; private set; }

    /// <summary>The output tensors asked for by name; null for every output.</summary>
    public IReadOnlyList<string>? Outputs { get; private set; }

    /// <summary>The rows, valid while the reader is not disposed.</summary>
    public List<IReadOnlyDictionary<string, JsonElement>> Rows { get; } = [];

    /// <summary>Why admission control stopped reading the body (its rows did not fit); null when it was read.</summary>
    public AdmissionRefusal? Refusal { get; private init; }

    /// <summary>Reads the body, reserving its rows with <paramref name="reserve"/> as soon as the first tensor's shape arrives.</summary>
    public static async Task<InferenceRequestReader> ReadAsync(Stream body, ModelManifest manifest, IReadOnlySet<string> outputNames,
        Func<int, AdmissionRefusal?>? reserve, CancellationToken ct)
    {
        var (pooled, refusal, _, _) = await CountedBody.ReadAsync(body, tensors: true, reserve, ct);
        if (pooled is null) return new InferenceRequestReader(null, null, null) { Refusal = refusal };
        var bytes = pooled.Bytes;
        if (PredictRequestReader.InvalidUtf8At(bytes.Span) is { } offset)
        {
            var error = $"The body is not valid UTF-8: byte {offset} (0x{bytes.Span[offset]:X2}) does not begin or continue a character.";
            pooled.Dispose();
            return new InferenceRequestReader(null, null, error);
        }
        JsonDocument document;
        try
        {
            // A member given twice ("data" twice in a tensor) says two things; which was meant cannot be known, as the other routes say.
            document = JsonDocument.Parse(bytes, new JsonDocumentOptions { AllowDuplicateProperties = false });
        }
        catch (JsonException ex)
        {
            pooled.Dispose();
            return new InferenceRequestReader(null, null, $"Malformed JSON: {ex.Message}");
        }
        if (EscapedSurrogates.FindUnpaired(bytes.Span, document.RootElement) is { } path)
        {
            document.Dispose();
            pooled.Dispose();
            return new InferenceRequestReader(null, null, $"The value at {path} {EscapedSurrogates.Reason}.");
        }
        var reader = new InferenceRequestReader(document, pooled, null);
        reader.Error = reader.Read(document.RootElement, manifest, outputNames);
        return reader;
    }

    public void Dispose()
    {
        shape?.Release();
        document?.Dispose();
        body?.Dispose();
        if (Interlocked.Exchange(ref values, null) is { Length: > 0 } rented)
        {
            // Cleared so the pool does not keep this request's document reachable through them.
            rented.AsSpan(0, written).Clear();
            ArrayPool<JsonElement>.Shared.Return(rented);
        }
    }

    private string? Read(JsonElement root, ModelManifest manifest, IReadOnlySet<string> outputNames)
    {
        if (root.ValueKind != JsonValueKind.Object) return "Expected a JSON object with an 'inputs' array.";
        if (root.TryGetProperty("id", out var id))
        {
            if (id.ValueKind != JsonValueKind.String) return "'id' must be a string.";
            Id = id.GetString();
        }
        if (ReadOutputs(root, outputNames) is { } outputsError) return outputsError;
        if (!root.TryGetProperty("inputs", out var inputs) || inputs.ValueKind != JsonValueKind.Array || inputs.GetArrayLength() == 0)
        {
            return "'inputs' must be a non-empty array of tensors {name, shape, datatype, data}, one per input column.";
        }
        var tensors = new Dictionary<string, PooledElements>(StringComparer.Ordinal);
        try
        {
            return ReadTensors(inputs, manifest, tensors);
        }
        finally
        {
            // The rows hold their own copy of the values (BuildRows), or there are no rows.
            foreach (var data in tensors.Values) data.Dispose();
        }
    }

    private string? ReadTensors(JsonElement inputs, ModelManifest manifest, Dictionary<string, PooledElements> tensors)
    {
        var columns = manifest.Inputs.ToDictionary(c => c.Name, StringComparer.Ordinal);
        var rows = -1;
        var index = 0;
        foreach (var tensor in inputs.EnumerateArray())
        {
            var (name, data, error) = ReadTensor(tensor, index++, columns, manifest.GroupThresholds?.Column, manifest.Monitoring?.Key);
            if (error is not null) return error;
            if (!tensors.TryAdd(name!, data!))
            {
                data!.Dispose();
                return $"Input '{Show(name)}' is given more than once.";
            }
            if (rows >= 0 && data!.Count != rows)
            {
                return $"Input '{Show(name)}' has {data.Count} rows but '{Show(tensors.Keys.First())}' has {rows}: every input tensor holds one value per row.";
            }
            rows = data!.Count;
        }
        var missing = manifest.Inputs.Where(c => !tensors.ContainsKey(c.Name)).Select(c => $"'{c.Name}'").ToList();
        if (missing.Count > 0) return $"Missing input{(missing.Count > 1 ? "s" : "")} {string.Join(", ", missing)}: the model takes one tensor per input column (GET the model's metadata for the list).";
        if (rows is 0 or > PredictRequestReader.MaxRows) return rows == 0 ? "The tensors hold no rows: send at least one." : $"{rows} rows: at most {PredictRequestReader.MaxRows} per request.";
        BuildRows(tensors, rows);
        return null;
    }

    private string? ReadOutputs(JsonElement root, IReadOnlySet<string> outputNames)
    {
        if (!root.TryGetProperty("outputs", out var outputs)) return null;
        if (outputs.ValueKind != JsonValueKind.Array) return "'outputs' must be an array of {name} objects.";
        var names = new List<string>();
        foreach (var output in outputs.EnumerateArray())
        {
            if (output.ValueKind != JsonValueKind.Object || !output.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String)
            {
                return "Each requested output must be an object with a string 'name'.";
            }
            if (!outputNames.Contains(name.GetString()!))
            {
                return $"Unknown output '{Show(name.GetString())}': this model has {string.Join(", ", outputNames.Order(StringComparer.Ordinal).Select(n => $"'{n}'"))}.";
            }
            names.Add(name.GetString()!);
        }
        Outputs = names;
        return null;
    }

    private static (string? Name, PooledElements? Data, string? Error) ReadTensor(
        JsonElement tensor, int index, Dictionary<string, InputColumn> columns, string? groupColumn, string? keyColumn)
    {
        if (tensor.ValueKind != JsonValueKind.Object || !tensor.TryGetProperty("name", out var nameElement) || nameElement.ValueKind != JsonValueKind.String)
        {
            return (null, null, $"inputs[{index}] must be an object with a string 'name'.");
        }
        var name = nameElement.GetString()!;
        var known = columns.TryGetValue(name, out var column);
        if (!known && name != groupColumn && name != keyColumn)
        {
            return (name, null, $"Unknown input '{Show(name)}': the model's inputs are {NameRules.ShowList(columns.Keys)}.");
        }
        if (!tensor.TryGetProperty("datatype", out var datatypeElement) || datatypeElement.ValueKind != JsonValueKind.String)
        {
            return (name, null, $"Input '{Show(name)}' has no 'datatype' string.");
        }
        var datatype = datatypeElement.GetString()!;
        if (!TensorDatatypes.IsKnown(datatype))
        {
            return (name, null, $"Input '{Show(name)}' has datatype '{Show(datatype)}', which is not a protocol datatype (BOOL, INT8..INT64, UINT8..UINT64, FP16, FP32, FP64, BYTES).");
        }
        var kind = known ? column!.Kind : ColumnKind.Categorical;
        // The key (monitor.key) that is not an input is only logged: text or a number, whatever the caller's ids are.
        if ((known || name != keyColumn) && !TensorDatatypes.Fits(kind, datatype))
        {
            return (name, null, $"Input '{Show(name)}' has datatype {datatype}, which does not fit its {kind.ToString().ToLowerInvariant()} column: expected {TensorDatatypes.Accepted(kind)}.");
        }
        var (rows, perRow, shapeError) = ReadShape(tensor, name);
        if (shapeError is not null) return (name, null, shapeError);
        if (!tensor.TryGetProperty("data", out var dataElement) || dataElement.ValueKind != JsonValueKind.Array)
        {
            return (name, null, $"Input '{Show(name)}' has no 'data' array.");
        }
        var data = new PooledElements(Math.Min(rows, PredictRequestReader.MaxRows));
        if (ReadData(tensor, dataElement, name, datatype, rows, perRow, data) is { } dataError)
        {
            data.Dispose();
            return (name, null, dataError);
        }
        return (name, data, null);
    }

    /// <summary>Reads a tensor's data into <paramref name="data"/>; the reason it does not fit the tensor's shape and datatype, else null.</summary>
    private static string? ReadData(JsonElement tensor, JsonElement dataElement, string name, string datatype, int rows, long perRow, PooledElements data)
    {
        if (Flatten(dataElement, data) is { } nestingError) return $"Input '{Show(name)}': {nestingError}";
        if (data.Count != rows * perRow)
        {
            return $"Input '{Show(name)}' has shape [{string.Join(", ", tensor.GetProperty("shape").EnumerateArray())}] ({rows * perRow} elements) but its data holds {data.Count}.";
        }
        if (perRow != 1) return $"Input '{Show(name)}' has {perRow} values per row: each input is one column, so its shape is [rows] or [rows, 1].";
        for (var i = 0; i < data.Count; i++)
        {
            if (TensorDatatypes.Mismatch(datatype, data[i]) is { } expected)
            {
                return $"Input '{Show(name)}' ({datatype}): element {i} is {Describe(data[i])}, expected {expected}.";
            }
        }
        return null;
    }

    /// <summary>The rows (the first dimension) and the elements per row (the product of the others) of a tensor's shape.</summary>
    private static (int Rows, long PerRow, string? Error) ReadShape(JsonElement tensor, string name)
    {
        if (!tensor.TryGetProperty("shape", out var shape) || shape.ValueKind != JsonValueKind.Array || shape.GetArrayLength() == 0)
        {
            return (0, 0, $"Input '{Show(name)}' has no 'shape': expected [rows] or [rows, 1].");
        }
        var dims = new List<int>();
        foreach (var dim in shape.EnumerateArray())
        {
            if (dim.ValueKind != JsonValueKind.Number || !dim.TryGetInt32(out var d) || d < 0)
            {
                return (0, 0, $"Input '{Show(name)}' has shape element {Describe(dim)}: each dimension is a whole number of 0 or more.");
            }
            dims.Add(d);
        }
        var perRow = dims.Skip(1).Aggregate(1L, (product, d) => product * d);
        return (dims[0], perRow, null);
    }

    /// <summary>Appends the scalars of flat or nested (row-major) data; null when every leaf sits at the same depth.</summary>
    private static string? Flatten(JsonElement data, PooledElements into)
    {
        var nested = data.GetArrayLength() > 0 && data[0].ValueKind == JsonValueKind.Array;
        foreach (var item in data.EnumerateArray())
        {
            if ((item.ValueKind == JsonValueKind.Array) != nested) return "its data mixes nested arrays and values at one level.";
            if (!nested) into.Add(item);
            else if (Flatten(item, into) is { } error) return error;
        }
        return null;
    }

    private void BuildRows(Dictionary<string, PooledElements> tensors, int rows)
    {
        // Tensor names are distinct (checked as they were read), so every row shares one shape.
        var shape = this.shape = JsonRow.Shape.Of([.. tensors.Keys])!;
        // The tensors' values column after column in one rented array: a row is one small object reading across it, not an array
        // of its own.
        var columns = tensors.Values.ToArray();
        var shared = values = ArrayPool<JsonElement>.Shared.Rent(written = columns.Length * rows);
        for (var c = 0; c < columns.Length; c++) columns[c].CopyTo(shared, c * rows);
        Rows.Capacity = rows;
        for (var r = 0; r < rows; r++) Rows.Add(new JsonRow(shape, shared, r, rows));
    }

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => $"the string \"{Show(value.GetString())}\"",
        JsonValueKind.Number => $"the number {value.GetRawText()}",
        JsonValueKind.True or JsonValueKind.False => $"the boolean {value.GetRawText()}",
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        _ => "null",
    };

    private static string Show(string? text) => NameRules.Show(text);
}
