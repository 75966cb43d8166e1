using System.Text.Json;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace MLCycle.Tests.Serving;

// The README's "Using a model in your own app (ONNX)" snippet, verbatim from here down, so the test compiles and runs it.
/// <summary>Scores one row of raw column values with an exported model and its sidecar, using ONNX Runtime alone.</summary>
public static class OnnxAppExample
{
    public static float Probability(string onnxPath, IReadOnlyDictionary<string, object?> row)
    {
        using var sidecar = JsonDocument.Parse(File.ReadAllText(onnxPath + ".json"));
        var inputs = new List<NamedOnnxValue>();
        foreach (var input in sidecar.RootElement.GetProperty("inputs").EnumerateArray())
        {
            var name = input.GetProperty("name").GetString()!;
            var slots = input.GetProperty("slots").EnumerateArray().Select(s => s.GetString()!).ToArray();
            int[] shape = [1, slots.Length];
            inputs.Add(name switch
            {
                // Numbers (and booleans as 0/1) as float; missing is NaN. DateTime slots are "column.year" etc.: fill them the same way.
                "Numeric" => NamedOnnxValue.CreateFromTensor(name, new DenseTensor<float>(
                    slots.Select(s => row.GetValueOrDefault(s) is { } v ? Convert.ToSingle(v) : float.NaN).ToArray(), shape)),
                "Text" => NamedOnnxValue.CreateFromTensor(name, new DenseTensor<string>(
                    slots.Select(s => row.GetValueOrDefault(s) as string ?? "").ToArray(), shape)),
                // Categorical and Hashed: the token "column=value", or "column=<missing>".
                _ => NamedOnnxValue.CreateFromTensor(name, new DenseTensor<string>(
                    slots.Select(s => $"{s}={row.GetValueOrDefault(s) ?? "<missing>"}").ToArray(), shape)),
            });
        }
        using var session = new InferenceSession(onnxPath);
        using var results = session.Run(inputs);
        return results.First(r => r.Name == "Probability.output").AsTensor<float>()[0];
    }
}
