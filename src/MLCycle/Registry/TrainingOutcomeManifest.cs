using MLCycle.Profiling;
using MLCycle.Training;

namespace MLCycle.Registry;

/// <summary>Writes a training outcome into the manifest of its package; it lives with the manifest so Training never reads Registry.</summary>
public static class TrainingOutcomeManifest
{
    /// <summary>The manifest for packaging the outcome's model: inputs, classes, test metrics, drift references and monitoring settings.</summary>
    public static ModelManifest CreateManifest(this TrainingOutcome outcome, string name, DatasetProfile reference, string? runId = null,
        ModelMonitoring? monitoring = null)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(reference);
        var candidate = outcome.ModelCandidate;
        return new ModelManifest
        {
            Name = name,
            Task = outcome.Task,
            Algorithm = outcome.Model.Algorithm,
            Target = outcome.Target,
            Inputs = outcome.Model.Inputs,
            Classes = outcome.Classes,
            DecisionThreshold = outcome.Task == TaskKind.Binary ? outcome.Model.DecisionThreshold : null,
            Metrics = candidate.Test.Metrics,
            Reference = reference,
            PredictionReference = PredictionProfile.Create(outcome.Task, outcome.Classes, candidate.TestPredictions),
            Monitoring = monitoring ?? new ModelMonitoring(),
            RunId = runId,
            Treatments = outcome.Treatments.IsEmpty ? null : outcome.Treatments,
            Ensemble = outcome.Model.Members?.Select((m, i) => new EnsembleEntry(m.Model.Algorithm, ModelPackage.MemberFile(i), m.Weight)).ToList(),
        };
    }
}
