using System.Text.Json.Serialization;

namespace MLCycle.Evaluation.Fairness;

/// <summary>
/// One group of a sensitive column (or of an intersection) and the model's rates on its rows. Binary tasks fill the
/// classification rates, regression the mean prediction and MAE, multiclass <see cref="Classes"/> (one-vs-rest per class).
/// </summary>
public sealed record FairnessGroup
{
    [JsonPropertyName("group")]
    public required string Group { get; init; }

    [JsonPropertyName("count")]
    public required int Count { get; init; }

    /// <summary>True when the group has fewer rows than the minimum: shown, but left out of the summaries.</summary>
    [JsonPropertyName("too_small")]
    public bool TooSmall { get; init; }

    /// <summary>Share of rows predicted positive (Fairlearn's <c>selection_rate</c>).</summary>
    [JsonPropertyName("selection_rate"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? SelectionRate { get; init; }

    [JsonPropertyName("tpr"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? Tpr { get; init; }

    [JsonPropertyName("fpr"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? Fpr { get; init; }

    [JsonPropertyName("precision"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? Precision { get; init; }

    /// <summary>NaN (null in JSON) when the group's actual labels hold one class.</summary>
    [JsonPropertyName("roc_auc"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? RocAuc { get; init; }

    [JsonPropertyName("mean_prediction"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? MeanPrediction { get; init; }

    [JsonPropertyName("mae"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? Mae { get; init; }

    /// <summary>Multiclass: per class, one-vs-rest selection rate, TPR and FPR.</summary>
    [JsonPropertyName("classes"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<FairnessClassRates>? Classes { get; init; }

    /// <summary>The group's value of a per-group metric (selection_rate, tpr, fpr, precision, roc_auc, mean_prediction, mae, count); null when it has none.</summary>
    public double? Value(string metric) => metric switch
    {
        "selection_rate" => SelectionRate,
        "tpr" => Tpr,
        "fpr" => Fpr,
        "precision" => Precision,
        "roc_auc" => RocAuc,
        "mean_prediction" => MeanPrediction,
        "mae" => Mae,
        "count" => Count,
        _ => null,
    };
}

/// <summary>One class's one-vs-rest rates within a group of a multiclass model's rows.</summary>
public sealed record FairnessClassRates(
    [property: JsonPropertyName("class")] string Class,
    [property: JsonPropertyName("selection_rate")] double SelectionRate,
    [property: JsonPropertyName("tpr")] double Tpr,
    [property: JsonPropertyName("fpr")] double Fpr);
