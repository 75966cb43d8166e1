using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using MLCycle.Data;

namespace MLCycle.Preparation.Treatments;

/// <summary>
/// The first stages of the preparation chain: fitted treatments applied to the <see cref="FeatureRow"/> vectors with
/// ML.NET built-ins, so model.zip carries them. A treated numeric slot is cut out of the numeric vector (a slot
/// selector), rewritten by an expression holding its sentinels and clip bounds as constants, and put back in place.
/// Categorical tokens are trimmed and case-folded by a stateless registered custom mapping, then a value map fitted on
/// the training tokens turns sentinels into the missing token and rare levels into the other token.
/// </summary>
public static class TreatmentChain
{
    private const string Tokens = "Tokens";
    private const string NormalizedTokens = "NormalizedTokens";

    /// <summary>Makes the custom mappings known to <paramref name="ml"/>; call it before loading a model that may use them.</summary>
    public static void Register(MLContext ml)
    {
        ArgumentNullException.ThrowIfNull(ml);
        ml.ComponentCatalog.RegisterAssembly(typeof(TrimTokensFactory).Assembly);
    }

    /// <summary>The fitted stages (none when nothing is treated) and <paramref name="data"/> passed through them.</summary>
    public static (IReadOnlyList<ITransformer> Stages, IDataView Data) Fit(
        MLContext ml, FeatureLayout layout, IReadOnlyList<FeatureRow> rows, FittedTreatments treatments, IDataView data)
    {
        ArgumentNullException.ThrowIfNull(ml);
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(treatments);
        var stages = new List<ITransformer>();
        if (treatments.IsEmpty) return (stages, data);
        data = FitNumeric(ml, layout, treatments, data, stages);
        data = FitTokens(ml, layout, rows, treatments, nameof(FeatureRow.Categorical), hashed: false, data, stages);
        data = FitTokens(ml, layout, rows, treatments, nameof(FeatureRow.Hashed), hashed: true, data, stages);
        return (stages, data);
    }

    /// <summary>The expression a numeric treatment becomes, or null when it changes nothing in the model (remove only).</summary>
    public static string? Expression(NumericTreatment treatment)
    {
        ArgumentNullException.ThrowIfNull(treatment);
        if (treatment.Sentinels.Count == 0 && !treatment.Clips) return null;
        // NaN fails every comparison, so missing values pass through both parts unchanged.
        var body = treatment.Clips
            ? $"(x < {Literal(treatment.Low!.Value)} ? {Literal(treatment.Low.Value)} : (x > {Literal(treatment.High!.Value)} ? {Literal(treatment.High.Value)} : x))"
            : "x";
        if (treatment.Sentinels.Count > 0)
            body = $"({string.Join(" || ", treatment.Sentinels.Select(s => $"x == {Literal(s)}"))}) ? na(x) : {body}";
        return "x => " + body;
    }

    // The shortest text that reads back as the same float, converted to float so the comparison stays in float.
    private static string Literal(double value) => $"float({((float)value).ToString("R", CultureInfo.InvariantCulture)})";

    private static IDataView FitNumeric(MLContext ml, FeatureLayout layout, FittedTreatments treatments, IDataView data, List<ITransformer> stages)
    {
        var expressions = new SortedDictionary<int, string>();
        for (var i = 0; i < layout.Inputs.Count; i++)
        {
            var input = layout.Inputs[i];
            if (input.Kind == ColumnKind.Numeric && treatments.ForNumeric(input.Name) is { } n && Expression(n) is { } e)
                expressions[layout.Offsets[i]] = e;
        }
        if (expressions.Count == 0) return data;
        var numeric = nameof(FeatureRow.Numeric);
        var parts = new List<string>();
        var start = 0;
        foreach (var (slot, expression) in expressions)
        {
            if (start < slot) parts.Add(Cut(ml, layout, start, slot, ref data, stages));
            var piece = Cut(ml, layout, slot, slot + 1, ref data, stages);
            var treated = $"{numeric}.{slot}.treated";
            data = Apply(ml.Transforms.Expression(treated, expression, piece), data, stages);
            parts.Add(treated);
            start = slot + 1;
        }
        if (start < layout.NumericCount) parts.Add(Cut(ml, layout, start, layout.NumericCount, ref data, stages));
        return Apply(ml.Transforms.Concatenate(numeric, [.. parts]), data, stages);
    }

    // Slots [from, to) of the numeric vector as their own column: a count-based slot selector fitted on one synthetic
    // row that is non-zero exactly there keeps those slots, and being a standard transformer it is saved in model.zip.
    private static string Cut(MLContext ml, FeatureLayout layout, int from, int to, ref IDataView data, List<ITransformer> stages)
    {
        var numeric = nameof(FeatureRow.Numeric);
        if (from == 0 && to == layout.NumericCount) return numeric;
        var row = Synthetic(layout);
        for (var s = from; s < to; s++) row.Numeric[s] = 1;
        var name = $"{numeric}.{from}-{to}";
        var selector = ml.Transforms.FeatureSelection.SelectFeaturesBasedOnCount(name, numeric, count: 1)
            .Fit(ml.Data.LoadFromEnumerable([row], layout.CreateSchema()));
        stages.Add(selector);
        data = selector.Transform(data);
        return name;
    }

    private static IDataView FitTokens(MLContext ml, FeatureLayout layout, IReadOnlyList<FeatureRow> rows, FittedTreatments treatments,
        string vector, bool hashed, IDataView data, List<ITransformer> stages)
    {
        var inputs = Enumerable.Range(0, layout.Inputs.Count)
            .Where(i => layout.Inputs[i].Kind == ColumnKind.Categorical && layout.IsHashed(i) == hashed).ToList();
        if (inputs.Count == 0) return data;
        var normalize = treatments.Normalization != CategoryNormalization.None;
        var map = inputs.Any(i => treatments.ForCategory(layout.Inputs[i].Name) is not null);
        if (!normalize && !map) return data;
        var source = vector;
        if (normalize)
        {
            data = Apply(ml.Transforms.CopyColumns(Tokens, vector), data, stages);
            data = Apply(treatments.Normalization == CategoryNormalization.TrimAndCaseFold
                ? ml.Transforms.CustomMapping<CategoryTokens, NormalizedCategoryTokens>(TrimAndFoldTokensFactory.Map, TrimAndFoldTokensFactory.ContractName)
                : ml.Transforms.CustomMapping<CategoryTokens, NormalizedCategoryTokens>(TrimTokensFactory.Map, TrimTokensFactory.ContractName), data, stages);
            source = NormalizedTokens;
        }
        // Tokens missing from the map (values never seen in training) come out empty, which no training row has: they
        // encode like an unseen category.
        return map
            ? Apply(ml.Transforms.Conversion.MapValue(vector, TokenMap(layout, rows, treatments, inputs, hashed), source), data, stages)
            : Apply(ml.Transforms.CopyColumns(vector, source), data, stages);
    }

    private static Dictionary<string, string> TokenMap(FeatureLayout layout, IReadOnlyList<FeatureRow> rows, FittedTreatments treatments, List<int> inputs, bool hashed)
    {
        var fold = treatments.Normalization == CategoryNormalization.TrimAndCaseFold;
        var normalize = treatments.Normalization != CategoryNormalization.None;
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var i in inputs)
        {
            var name = layout.Inputs[i].Name;
            var prefix = name + "=";
            var offset = layout.Offsets[i];
            var tokens = rows.Select(r => hashed ? r.Hashed[offset] : r.Categorical[offset]);
            var sentinels = treatments.ForCategory(name)?.Sentinels.Select(s => prefix + s) ?? [];
            foreach (var token in tokens.Concat(sentinels).Distinct(StringComparer.Ordinal))
            {
                var key = normalize ? CategoryTokenNormalizer.NormalizeToken(token, fold) : token;
                var raw = token[prefix.Length..];
                var level = raw == FeatureEncoder.MissingToken ? null : treatments.Level(name, raw);
                map.TryAdd(key, prefix + (level ?? FeatureEncoder.MissingToken));
            }
        }
        return map;
    }

    private static IDataView Apply(IEstimator<ITransformer> estimator, IDataView data, List<ITransformer> stages)
    {
        var fitted = estimator.Fit(data);
        stages.Add(fitted);
        return fitted.Transform(data);
    }

    private static FeatureRow Synthetic(FeatureLayout layout)
    {
        var row = layout.CreateRow();
        Array.Fill(row.Categorical, "");
        Array.Fill(row.Hashed, "");
        Array.Fill(row.Text, "");
        return row;
    }
}
