using System.Text.Json;

namespace MLCycle.Scoring.Tests;

/// <summary>A prediction's probabilities read, enumerate and serialise as the per-row dictionary they replace did.</summary>
public class ClassProbabilitiesTests
{
    [Fact]
    public void Binary_probabilities_look_up_each_class_and_refuse_others()
    {
        var probabilities = new ClassProbabilities(["No", "Yes"], [0.25, 0.75]);

        Assert.Equal(2, probabilities.Count);
        Assert.Equal(0.25, probabilities["No"]);
        Assert.Equal(0.75, probabilities["Yes"]);
        Assert.True(probabilities.ContainsKey("Yes"));
        Assert.False(probabilities.ContainsKey("yes"));
        Assert.False(probabilities.TryGetValue("Maybe", out _));
        var missing = Assert.Throws<KeyNotFoundException>(() => probabilities["Maybe"]);
        Assert.Contains("Maybe", missing.Message);
        Assert.Equal(0.75, probabilities.GetValueOrDefault("Yes"));
    }

    [Theory]
    [InlineData(0.75)]
    [InlineData(0.1)]
    [InlineData(1.0 / 3)]
    public void Binary_heldWithoutAnArray_readsEnumeratesAndSerialisesAsTheArrayForm(double positive)
    {
        var binary = ClassProbabilities.Binary(["No", "Yes"], positive);
        var array = new ClassProbabilities(["No", "Yes"], [1 - positive, positive]);

        Assert.Equal(array.ToList(), binary.ToList());
        Assert.Equal(array.Values, binary.Values);
        Assert.Equal((array.Count, array["No"], array["Yes"]), (binary.Count, binary["No"], binary["Yes"]));
        Assert.Equal((array.ValueAt(0), array.ValueAt(1)), (binary.ValueAt(0), binary.ValueAt(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => binary.ValueAt(2));
        Assert.Equal(JsonSerializer.Serialize(new Prediction("No", array, null)), JsonSerializer.Serialize(new Prediction("No", binary, null)));
        Assert.Throws<ArgumentException>(() => ClassProbabilities.Binary(["a", "b", "c"], positive));
    }

    [Fact]
    public void Many_classes_are_looked_up_through_the_shared_index()
    {
        // Past eight classes lookups go through an index per class list; every class and a stranger are tried.
        string[] classes = [.. Enumerable.Range(0, 12).Select(i => $"class {i}")];
        double[] values = [.. Enumerable.Range(0, 12).Select(i => i / 66.0)];
        var first = new ClassProbabilities(classes, values);
        var second = new ClassProbabilities(classes, [.. values.Reverse()]);

        for (var i = 0; i < classes.Length; i++)
        {
            Assert.Equal(values[i], first[classes[i]]);
            Assert.Equal(values[^(i + 1)], second[classes[i]]);
        }
        Assert.False(first.TryGetValue("class 12", out _));
    }

    [Fact]
    public void Enumerates_and_serialises_in_class_order_as_a_dictionary_did()
    {
        string[] classes = ["Adelie", "Chinstrap", "Gentoo"];
        double[] values = [0.1, 0.2, 0.7];
        var dictionary = new Dictionary<string, double> { ["Adelie"] = 0.1, ["Chinstrap"] = 0.2, ["Gentoo"] = 0.7 };
        var probabilities = new ClassProbabilities(classes, values);

        Assert.Equal(dictionary.ToList(), probabilities.ToList());
        Assert.Equal(classes, probabilities.Keys);
        Assert.Equal(values, probabilities.Values);
        Assert.Equal(
            JsonSerializer.Serialize(new Prediction("Gentoo", dictionary, null)),
            JsonSerializer.Serialize(new Prediction("Gentoo", probabilities, null)));
    }

    [Fact]
    public void A_value_count_that_differs_from_the_classes_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => new ClassProbabilities(["No", "Yes"], [1.0]));
        Assert.Contains("1 probabilities were given for 2 classes", error.Message);
    }
}
