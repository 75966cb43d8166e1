using Microsoft.ML;
using Microsoft.ML.Data;
using MLCycle.Data;
using MLCycle.Preparation;
using MLCycle.Preparation.Treatments;

namespace MLCycle.Training.Algorithms;

/// <summary>
/// A fit's rows after the shared preparation chain (treatments, imputation, scaling, one-hot, text, the wide-data screen),
/// fitted on those rows alone; every learner of the catalog trains on <see cref="Prepared"/>'s "Features".
/// </summary>
internal sealed record PreparedFit(MLContext Ml, FeatureLayout Layout, FeatureRow[] Rows, ITransformer Chain, IDataView Prepared, FittedTreatments Treatments)
{
    /// <summary>Fits the chain on the request's training rows and caches its output (with the weight column when the request has weights).</summary>
    public static PreparedFit Fit(FitRequest request)
    {
        var ml = new MLContext(seed: request.Seed);
        var layout = new FeatureLayout(request.Inputs);
        var rows = request.Encoded ?? MLNetAlgorithm.Encode(request);
        var data = ml.Data.LoadFromEnumerable(rows, layout.CreateSchema(request.Task, request.Classes.Count));
        // Fitted on this training part alone, so a cross-validation fold never sees its validation rows' values.
        var treatments = TreatmentFitter.Fit(request.Train, request.Target, request.Prepare.Treatments);
        var prep = PreparationChain.Fit(ml, layout, rows, data, request.Prepare, treatments);
        // The weight column joins after the preparation chain is fitted, so the saved chain never refers to it.
        var weighted = request.Weights is null ? data : new WeightedDataView(data, request.Weights);
        var prepared = ml.Data.Cache(prep.Transform(weighted));
        // On wide data the screen reads the cached chain output, so the chain runs once per fit, and joins the saved chain.
        if (WideFeatureRule.Screens(request.Inputs.Count)
            && FeatureScreen.Fit(ml, prepared, Labels(rows, request.Task), request.Task != TaskKind.Regression, WideFeatureRule.ScreenedFeatures) is { } screen)
        {
            prep = new TransformerChain<ITransformer>(prep, screen);
            prepared = ml.Data.Cache(screen.Transform(prepared));
        }
        return new PreparedFit(ml, layout, rows, prep, prepared, treatments);
    }

    /// <summary>The label each row was given by <see cref="MLNetAlgorithm.Encode"/>: the class index, or the regression target.</summary>
    public static float[] Labels(FeatureRow[] rows, TaskKind task) => task switch
    {
        TaskKind.Regression => Array.ConvertAll(rows, r => r.Label),
        TaskKind.Binary => Array.ConvertAll(rows, r => r.BinaryLabel ? 1f : 0f),
        _ => Array.ConvertAll(rows, r => (float)r.ClassKey),
    };
}
