using System.Collections;
using MLCycle.Server.Json;

namespace MLCycle.Server.Apis;

/// <summary>A request's scored predictions beside the ids they are logged under. The answers write each prediction with its id
/// (<see cref="PredictAnswer"/>, <see cref="InferenceResponseWriter"/>) instead of from a copy of every
/// prediction carrying it: 10,000 such copies were alive through a large request's answer (ADR 0072).</summary>
internal sealed class IdentifiedPredictions(IReadOnlyList<Prediction?> scored, Guid[] ids, ProbabilityTexts? texts = null) : IReadOnlyList<Prediction>
{
    public static readonly IdentifiedPredictions Empty = new([], []);

    /// <summary>The predictions as the model scored them, without ids.</summary>
    public IReadOnlyList<Prediction?> Scored => scored;

    /// <summary>Each prediction's id, in row order, as a value: its text (<see cref="Guid.ToString()"/>) is written where needed, not
    /// kept as 10,000 strings.</summary>
    public Guid[] Ids => ids;

    /// <summary>Where the v1 answer keeps the probabilities' text for the log rows (ADR 0077); null for requests too small to gain from it.</summary>
    public ProbabilityTexts? Texts => texts;

    public int Count => ids.Length;

    /// <summary>The prediction carrying its id, copied when asked (by tests and other readers; the answers do not ask).</summary>
    public Prediction this[int index] => scored[index]! with { Id = ids[index].ToString() };

    public IEnumerator<Prediction> GetEnumerator()
    {
        for (var i = 0; i < ids.Length; i++) yield return this[i];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
