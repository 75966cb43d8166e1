using System.Text;
using System.Text.Json;
using MLCycle.Server.Json;
using MLCycle.Serving;

namespace MLCycle.Server.Tests;

/// <summary>The probabilities' text an answer keeps for its log rows (ADR 0077) is the text the JSON writer writes, for every row,
/// whichever of the two writers formats it.</summary>
public sealed class ProbabilityTextsTests
{
    private const int Rows = 5_000;

    [Fact]
    public void The_answer_keeps_the_writers_text_and_the_log_writes_it_again()
    {
        var scored = Binary();
        using var texts = new ProbabilityTexts(Rows);

        var answer = Written(scored, 0, Rows, texts, keep: true);
        var log = Written(scored, 0, Rows, texts);

        Assert.Equal(Written(scored, 0, Rows, null), answer);
        Assert.Equal(answer, log);
    }

    [Fact]
    public void Rows_an_answer_cut_off_did_not_reach_are_formatted_by_the_log()
    {
        var scored = Binary();
        using var texts = new ProbabilityTexts(Rows);

        Written(scored, 0, 1_234, texts, keep: true);

        Assert.Equal(Written(scored, 0, Rows, null), Written(scored, 0, Rows, texts));
    }

    [Fact]
    public void A_log_written_without_an_answer_keeping_formats_every_row_and_rents_nothing()
    {
        var scored = Binary();
        using var texts = new ProbabilityTexts(Rows);

        // The v2 answer writes its own tensors: the log is the only writer, and keeps nothing.
        var log = Written(scored, 0, Rows, texts);

        Assert.Equal(Written(scored, 0, Rows, null), log);
        Assert.False(texts.HoldsBuffer);
        Written(scored, 0, 1, texts, keep: true);
        Assert.True(texts.HoldsBuffer);
    }

    [Fact]
    public void Rows_out_of_order_and_after_disposal_are_formatted_as_the_writer_formats_them()
    {
        var scored = Binary();
        var texts = new ProbabilityTexts(Rows);

        // Row 10 before row 0 has been kept, then everything once the buffers went back to the pool.
        Assert.Equal(Written(scored, 10, 11, null), Written(scored, 10, 11, texts, keep: true));
        Written(scored, 0, 100, texts, keep: true);
        texts.Dispose();
        Assert.Equal(Written(scored, 0, Rows, null), Written(scored, 0, Rows, texts, keep: true));
    }

    // Probabilities of every size a float gives, the ends, and what ScoreReader makes of values outside [0, 1] (a NaN row never
    // reaches a writer: NonFiniteScores refuses it).
    private static ScoredPredictions Binary()
    {
        var random = new Random(20261207);
        float[] edges = [0f, 1f, 0.5f, float.Epsilon, 1e-30f, 1 - 1e-7f, 0.45f, -3f, 2f];
        var scored = new ScoredPredictions(Rows, ["No", "Yes \"quoted\""]);
        for (var i = 0; i < Rows; i++)
        {
            var p = i < edges.Length ? edges[i] : (float)Math.Pow(random.NextDouble(), random.Next(1, 30));
            scored.SetProbability(i, p, 0.5);
        }
        return scored;
    }

    // Rows [from, to) written as the answer (keeping) and the log write them (without ids).
    private static string Written(ScoredPredictions scored, int from, int to, ProbabilityTexts? texts, bool keep = false)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            for (var row = from; row < to; row++) PredictionJsonConverter.Write(writer, scored, row, null, explanation: false, ServerJsonContext.Default.Options, texts, keep);
            writer.WriteEndArray();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
