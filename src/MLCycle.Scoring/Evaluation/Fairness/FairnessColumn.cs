using System.Text.Json.Serialization;

namespace MLCycle.Evaluation.Fairness;

/// <summary>
/// The fairness of a model's predictions over one sensitive column (or the intersection of several, named
/// <c>sex&amp;race</c>): every group, largest first, and Fairlearn's summaries over the groups large enough to judge.
/// A summary is NaN (null in JSON) when fewer than two groups can be judged, and <see cref="Note"/> says so.
/// </summary>
public sealed record FairnessColumn
{
    [JsonPropertyName("column")]
    public required string Column { get; init; }

    [JsonPropertyName("groups")]
    public required IReadOnlyList<FairnessGroup> Groups { get; init; }

    /// <summary>Max minus min selection rate (multiclass: the largest over classes, one-vs-rest).</summary>
    [JsonPropertyName("demographic_parity_difference"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? DemographicParityDifference { get; init; }

    /// <summary>Min over max selection rate (multiclass: the smallest over classes).</summary>
    [JsonPropertyName("demographic_parity_ratio"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? DemographicParityRatio { get; init; }

    /// <summary>The larger of the TPR and FPR differences (Fairlearn's worst case; multiclass: the largest over classes).</summary>
    [JsonPropertyName("equalized_odds_difference"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? EqualizedOddsDifference { get; init; }

    /// <summary>Max minus min TPR (multiclass: the largest over classes).</summary>
    [JsonPropertyName("equal_opportunity_difference"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? EqualOpportunityDifference { get; init; }

    /// <summary>Regression: max minus min mean prediction.</summary>
    [JsonPropertyName("mean_prediction_difference"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? MeanPredictionDifference { get; init; }

    /// <summary>Regression: max minus min MAE.</summary>
    [JsonPropertyName("mae_difference"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? MaeDifference { get; init; }

    /// <summary>Why the summaries could not be computed, or which groups were too small; null when every group was judged.</summary>
    [JsonPropertyName("note"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Note { get; init; }

    /// <summary>The summary a gate names; null when this task has no such summary.</summary>
    public double? Summary(string metric) => metric switch
    {
        "demographic_parity_difference" => DemographicParityDifference,
        "demographic_parity_ratio" => DemographicParityRatio,
        "equalized_odds_difference" => EqualizedOddsDifference,
        "equal_opportunity_difference" => EqualOpportunityDifference,
        "mean_prediction_difference" => MeanPredictionDifference,
        "mae_difference" => MaeDifference,
        _ => null,
    };

    /// <summary>The groups the summaries were computed over.</summary>
    [JsonIgnore]
    public IEnumerable<FairnessGroup> Judged => Groups.Where(g => !g.TooSmall);
}
