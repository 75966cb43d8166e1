using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;
using Microsoft.ML.Transforms.Text;
using MLCycle.Preparation.Treatments;

namespace MLCycle.Preparation;

/// <summary>
/// Fits the ML.NET preparation chain (treatments, impute, scale, one-hot, hash, featurize text, concatenate into
/// "Features") that is saved inside model.zip, so serving applies exactly what training applied.
/// </summary>
public static class PreparationChain
{
    /// <summary>The column the trainers read.</summary>
    public const string FeaturesColumn = "Features";
    private const int HashBits = 10;

    /// <summary>
    /// Fits the chain on the encoded training rows (<paramref name="data"/> is the same rows as an IDataView); fitted
    /// <paramref name="treatments"/> come first, so imputation and scaling see treated values.
    /// </summary>
    public static ITransformer Fit(MLContext ml, FeatureLayout layout, IReadOnlyList<FeatureRow> rows, IDataView data, PreparationOptions options,
        FittedTreatments? treatments = null)
    {
        ArgumentNullException.ThrowIfNull(ml);
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(options);
        var parts = new List<string>();
        var (treatmentStages, treated) = TreatmentChain.Fit(ml, layout, rows, treatments ?? FittedTreatments.None, data);
        var stages = new List<ITransformer>(treatmentStages);
        data = treated;
        IEstimator<ITransformer>? chain = null;
        if (layout.NumericCount > 0)
        {
            if (stages.Count > 0) rows = TreatedNumbers(data);
            stages.Add(FitImputer(ml, layout, rows, options.Missing));
            data = stages[^1].Transform(data);
            chain = options.Scale switch
            {
                ScaleKind.Standard => ml.Transforms.NormalizeMeanVariance("NumericScaled", nameof(FeatureRow.Numeric)),
                ScaleKind.MinMax => ml.Transforms.NormalizeMinMax("NumericScaled", nameof(FeatureRow.Numeric), fixZero: false),
                _ => null,
            };
            parts.Add(chain is null ? nameof(FeatureRow.Numeric) : "NumericScaled");
        }
        if (layout.CategoricalCount > 0)
        {
            chain = Append(chain, ml.Transforms.Categorical.OneHotEncoding("CategoricalOneHot", nameof(FeatureRow.Categorical), OneHotEncodingEstimator.OutputKind.Bag));
            parts.Add("CategoricalOneHot");
        }
        if (layout.HashedCount > 0)
        {
            chain = Append(chain, ml.Transforms.Categorical.OneHotHashEncoding("HashedOneHot", nameof(FeatureRow.Hashed), OneHotEncodingEstimator.OutputKind.Bag, numberOfBits: HashBits));
            parts.Add("HashedOneHot");
        }
        if (layout.TextCount > 0)
        {
            var text = new TextFeaturizingEstimator.Options
            {
                WordFeatureExtractor = new WordBagEstimator.Options { NgramLength = 2, UseAllLengths = true },
                CharFeatureExtractor = new WordBagEstimator.Options { NgramLength = 3, UseAllLengths = false },
                Norm = TextFeaturizingEstimator.NormFunction.L2,
            };
            chain = Append(chain, ml.Transforms.Text.FeaturizeText("TextFeatures", text, nameof(FeatureRow.Text)));
            parts.Add("TextFeatures");
        }
        if (parts.Count == 0) throw new MLCycleException(ErrorKind.BadSpec, "There are no input columns to train on: every column except the target was excluded.");
        chain = Append(chain, ml.Transforms.Concatenate(FeaturesColumn, [.. parts]));
        stages.Add(chain.Fit(data));
        return new TransformerChain<ITransformer>([.. stages]);
    }

    // ML.NET imputes only by mean/min/max/default; fitting its mean imputer on one synthetic row holding our
    // statistic bakes the mean, median or mode into a standard, saveable transformer.
    private static ITransformer FitImputer(MLContext ml, FeatureLayout layout, IReadOnlyList<FeatureRow> rows, MissingStrategy strategy)
    {
        var stats = layout.CreateRow();
        stats.Numeric = ImputationValues.Compute(rows, layout.NumericCount, strategy);
        Array.Fill(stats.Categorical, "");
        Array.Fill(stats.Hashed, "");
        Array.Fill(stats.Text, "");
        var one = ml.Data.LoadFromEnumerable([stats], layout.CreateSchema());
        return ml.Transforms.ReplaceMissingValues(nameof(FeatureRow.Numeric), replacementMode: MissingValueReplacingEstimator.ReplacementMode.Mean)
            .Fit(one);
    }

    // The numeric vectors after treatment, which is what imputation statistics must be computed on.
    private static FeatureRow[] TreatedNumbers(IDataView data) =>
        data.GetColumn<float[]>(nameof(FeatureRow.Numeric)).Select(n => new FeatureRow { Numeric = n }).ToArray();

    private static IEstimator<ITransformer> Append(IEstimator<ITransformer>? chain, IEstimator<ITransformer> next) =>
        chain is null ? next : chain.Append(next);
}
