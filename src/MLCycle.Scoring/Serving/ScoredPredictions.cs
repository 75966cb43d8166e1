using System.Collections;
using MLCycle.Training;

namespace MLCycle.Serving;

/// <summary>
/// A scoring call's predictions kept as numbers: a binary row as its label and positive probability, a regression row as its value;
/// a <see cref="Prediction"/> is made when a row is read (ADR 0075). Rows predicted another way (a multiclass model's, an explained
/// one's, an ensemble's) are kept as the objects they are.
/// </summary>
/// <remarks>A 10,000-row request kept 20,000 objects (a prediction and its probabilities per row) alive from scoring until its log
/// rows were built, and every young collection in between copied them: under load about a third of what a collection promoted, and
/// its pause grew with what it copied (about 6 ms per MB here). Numbers in two arrays hold no references for a collection to trace.
/// Readers that write many rows (the server's answers and log) read the numbers with <see cref="TryGetBinary"/> and
/// <see cref="TryGetNumber"/> instead of making a prediction per row.</remarks>
public sealed class ScoredPredictions : IReadOnlyList<Prediction?>
{
    private const byte None = 0;
    private const byte Negative = 1;
    private const byte Positive = 2;
    private const byte Number = 3;
    private const byte Whole = 4;

    private readonly byte[] kinds;
    private readonly double[] numbers;
    private readonly IReadOnlyList<string> classes;
    private Prediction?[]? whole;

    /// <param name="count">Rows; each is null until set.</param>
    /// <param name="classes">The model's classes (binary: negative, positive); empty for regression.</param>
    internal ScoredPredictions(int count, IReadOnlyList<string> classes)
    {
        kinds = new byte[count];
        numbers = new double[count];
        // A binary row's probabilities are keyed by its two classes, one list shared by every row (as ScoreReader gives them).
        this.classes = classes.Count <= 2 ? classes : [classes[0], classes[1]];
    }

    public int Count => kinds.Length;

    /// <summary>The two class names a binary row's probabilities are keyed by (negative, positive), the same list every row's
    /// <see cref="ClassProbabilities.ClassNames"/> is.</summary>
    public IReadOnlyList<string> BinaryClasses => classes;

    /// <summary>The prediction of <paramref name="row"/> (null when it was not scored), made anew on each read of a row kept as numbers.</summary>
    public Prediction? this[int row]
    {
        get => kinds[row] switch
        {
            None => null,
            Negative or Positive => new Prediction(classes[kinds[row] - 1], ClassProbabilities.Binary(classes, numbers[row]), null),
            Number => new Prediction(null, null, numbers[row]),
            _ => whole![row],
        };
        internal set
        {
            if (value is null)
            {
                kinds[row] = None;
                if (whole is not null) whole[row] = null;
                return;
            }
            Objects()[row] = value;
            kinds[row] = Whole;
        }
    }

    // Made on the first row set as an object; the slices of one call set their rows from several threads at once.
    private Prediction?[] Objects()
    {
        if (Volatile.Read(ref whole) is { } made) return made;
        var fresh = new Prediction?[kinds.Length];
        return Interlocked.CompareExchange(ref whole, fresh, null) ?? fresh;
    }

    /// <summary>A binary row kept as numbers: its label (0 for the first class, 1 for the second) and the second class's probability;
    /// false for any other row.</summary>
    public bool TryGetBinary(int row, out int label, out double positive)
    {
        var kind = kinds[row];
        label = kind - Negative;
        positive = numbers[row];
        return kind is Negative or Positive;
    }

    /// <summary>A regression row kept as its value; false for any other row.</summary>
    public bool TryGetNumber(int row, out double value)
    {
        value = numbers[row];
        return kinds[row] == Number;
    }

    public IEnumerator<Prediction?> GetEnumerator()
    {
        for (var i = 0; i < kinds.Length; i++) yield return this[i];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>A binary row from the positive class's probability, as <see cref="ScoreReader.FromProbability"/> reads it (positive
    /// when above <paramref name="threshold"/>), except that NaN stays NaN: <see cref="NonFiniteScores"/> refuses the row instead of
    /// answering it as 0.5.</summary>
    internal void SetProbability(int row, float positive, double threshold)
    {
        var p = ScoreReader.Probability(positive, keepNaN: true);
        numbers[row] = p;
        kinds[row] = p > threshold ? Positive : Negative;
    }

    /// <summary>A regression row's value.</summary>
    internal void SetValue(int row, float value)
    {
        numbers[row] = value;
        kinds[row] = Number;
    }

    /// <summary>Labels a binary row kept as numbers again at <paramref name="threshold"/> (a group's, <see cref="Evaluation.Fairness.GroupThresholds"/>);
    /// false for any other row.</summary>
    internal bool Relabel(int row, double threshold)
    {
        if (kinds[row] is not (Negative or Positive)) return false;
        kinds[row] = numbers[row] > threshold ? Positive : Negative;
        return true;
    }
}
