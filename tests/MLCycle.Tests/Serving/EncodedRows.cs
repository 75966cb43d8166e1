using MLCycle.Data;
using MLCycle.Preparation;
using MLCycle.Serving;

namespace MLCycle.Tests.Serving;

/// <summary>Rows as the scoring path encodes them (validation, treatments' inputs, one-hot tokens), taken from its explain hook.</summary>
internal static class EncodedRows
{
    /// <summary>Copies of the encoded rows: the path's own are borrowed from the model's pool and given back when the call returns (ADR 0069).</summary>
    public static FeatureRow?[] Of(ScoringModel model, Table rows)
    {
        FeatureRow?[] features = [];
        model.Score(rows, (_, encoded) => features = [.. encoded.Select(r => r?.CopyInputs())]);
        return features;
    }
}
