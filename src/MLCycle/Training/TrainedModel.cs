using Microsoft.ML;
using Microsoft.ML.Data;
using MLCycle.Data;
using MLCycle.Preparation;
using MLCycle.Preparation.Treatments;
using MLCycle.Training.Ensembles;
using MLCycle.Training.Neural;

namespace MLCycle.Training;

/// <summary>A fitted ML.NET model (preparation chain plus trainer) with the layout of its inputs; what a package saves.</summary>
public sealed class TrainedModel
{
    private readonly FeatureEncoder _encoder;

    internal TrainedModel(MLContext context, ITransformer transformer, FeatureLayout layout, TaskKind task, IReadOnlyList<string> classes, string algorithm)
    {
        Context = context;
        Transformer = transformer;
        Layout = layout;
        _encoder = new FeatureEncoder(layout);
        Task = task;
        Classes = classes;
        Algorithm = algorithm;
    }

    public MLContext Context { get; }
    /// <summary>The whole chain: preparation then the trainer's prediction transformer (preparation only when <see cref="Network"/> predicts).</summary>
    public ITransformer Transformer { get; }
    public FeatureLayout Layout { get; }
    public IReadOnlyList<InputColumn> Inputs => Layout.Inputs;
    public TaskKind Task { get; }
    /// <summary>Class labels in score order; for binary [negative, positive].</summary>
    public IReadOnlyList<string> Classes { get; }
    public string Algorithm { get; }
    /// <summary>The treatments fitted on this model's training rows and applied inside its chain.</summary>
    public FittedTreatments Treatments { get; init; } = FittedTreatments.None;
    /// <summary>Binary: a row is predicted positive when its probability is above this; chosen after cross-validation, so settable by training.</summary>
    public double DecisionThreshold { get; internal set; } = 0.5;
    /// <summary>The network that predicts from the chain's "Features" (the <c>mlp</c> algorithm); null when the chain ends in an ML.NET trainer.</summary>
    public MlpNetwork? Network { get; init; }
    /// <summary>The boosting rounds early stopping chose for this fit; null when it trained a set number of rounds.</summary>
    public int? Rounds { get; init; }
    /// <summary>An ensemble's models and weights (the first is the one <see cref="Transformer"/> holds); null for a single model.</summary>
    public IReadOnlyList<EnsembleMember>? Members { get; private init; }

    /// <summary>The blend of <paramref name="members"/> as one model; they share the inputs, having been refitted on the same rows.</summary>
    internal static TrainedModel Ensemble(IReadOnlyList<EnsembleMember> members)
    {
        var first = members[0].Model;
        return new TrainedModel(first.Context, first.Transformer, first.Layout, first.Task, first.Classes, EnsembleName)
        {
            // The members were refitted on the same rows, so the first one's are the ensemble's (the background explanations sample).
            Treatments = first.Treatments, Members = members, TrainingRows = first.TrainingRows,
        };
    }

    /// <summary>The algorithm name of an ensemble of trials, in results, manifests and the leaderboard.</summary>
    public const string EnsembleName = "ensemble";

    /// <summary>The encoded rows this model was trained on, kept so packaging can compute what explanations need; null for a model
    /// not trained here.</summary>
    internal IReadOnlyList<FeatureRow>? TrainingRows { get; init; }

    /// <summary>Predicts every row of a typed table holding the input columns.</summary>
    public IReadOnlyList<Prediction> Predict(Table data) => Predict(_encoder.Encode(data));

    internal IReadOnlyList<Prediction> Predict(IReadOnlyList<FeatureRow> rows)
    {
        if (Members is { } members)
        {
            return EnsembleBlend.Rows(members.Select(m => m.Model.Predict(rows)).ToList(), members.Select(m => m.Weight).ToList(), Task, Classes, DecisionThreshold);
        }
        var view = Context.Data.LoadFromEnumerable(rows, Layout.CreateSchema());
        if (Network is null) return ScoreReader.Read(Transformer.Transform(view), Task, Classes, DecisionThreshold);
        var features = Transformer.Transform(view).GetColumn<float[]>(PreparationChain.FeaturesColumn).ToArray();
        var outputs = Network.PredictBatch(features.SelectMany(f => f).ToArray());
        var width = Network.OutputCount;
        return features.Select((_, r) => ScoreReader.FromNetwork(outputs.AsSpan(r * width, width), Task, Classes, DecisionThreshold, keepNaN: false)).ToArray();
    }

    /// <summary>Writes the ML.NET model zip, with the serving input schema (no label).</summary>
    public void Save(Stream stream)
    {
        var input = Context.Data.LoadFromEnumerable(Array.Empty<FeatureRow>(), Layout.CreateSchema()).Schema;
        Context.Model.Save(Transformer, input, stream);
    }
}
