using MLCycle.Data;
using MLCycle.Training;

namespace MLCycle.Serving;

/// <summary>
/// The JSON sidecar written beside an exported ONNX file (<c>churn.onnx.json</c>): what an app must feed the model and how to
/// read its outputs, so it can use the ONNX file without MLCycle. The ONNX inputs are the encoded feature vectors MLCycle's
/// chain starts from (see docs/adr/0028-onnx-export-inputs-and-outputs.md), each slot named here.
/// </summary>
public sealed record OnnxModelDescription
{
    /// <summary>The registered model (or package) it was exported from.</summary>
    public required string Model { get; init; }
    /// <summary>The registered version; null for a package exported from a folder.</summary>
    public int? Version { get; init; }
    public required TaskKind Task { get; init; }
    public required string Algorithm { get; init; }
    /// <summary>The ONNX graph inputs, each a [batch, slots] tensor.</summary>
    public required IReadOnlyList<OnnxTensor> Inputs { get; init; }
    /// <summary>The ONNX graph outputs that carry the prediction.</summary>
    public required IReadOnlyList<OnnxTensor> Outputs { get; init; }
    /// <summary>The original columns, with their kinds and the categories seen in training.</summary>
    public required IReadOnlyList<InputColumn> Columns { get; init; }
    /// <summary>Classification: class names in score order; PredictedLabel k (1-based key) is Classes[k - 1].</summary>
    public IReadOnlyList<string> Classes { get; init; } = [];
    /// <summary>Binary: predict Classes[1] when Probability is above it (MLCycle's chosen threshold, not always 0.5).</summary>
    public double? Threshold { get; init; }
    /// <summary>How a raw value becomes a slot value, in words an app developer can follow.</summary>
    public required IReadOnlyList<string> Encoding { get; init; }
}

/// <summary>One ONNX tensor: its graph name, element type, and for inputs the name of each slot.</summary>
public sealed record OnnxTensor(string Name, string Type, IReadOnlyList<string>? Slots = null);
