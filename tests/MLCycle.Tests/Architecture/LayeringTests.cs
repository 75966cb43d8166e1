using System.Reflection;
using System.Text.RegularExpressions;
using NetArchTest.Rules;

namespace MLCycle.Tests.Architecture;

/// <summary>
/// Stages point one way (ADR 0012): a namespace uses only its own layer's and lower layers' namespaces, and the
/// library knows no HTTP host and no console.
/// </summary>
public class LayeringTests
{
    /// <summary>The library's layers, lowest first; namespaces on one row are independent of each other.</summary>
    public static readonly string[][] Layers =
    [
        ["MLCycle"],
        ["MLCycle.Statistics", "MLCycle.Yaml", "MLCycle.Metrics", "MLCycle.Access"],
        ["MLCycle.Data"],
        ["MLCycle.Profiling"],
        ["MLCycle.Validation"],
        ["MLCycle.Preparation"],
        ["MLCycle.Training"],
        ["MLCycle.Evaluation"],
        ["MLCycle.Tracking"],
        ["MLCycle.Registry"],
        ["MLCycle.Serving"],
        ["MLCycle.Monitoring"],
        ["MLCycle.Reports"],
        ["MLCycle.Storage"],
        ["MLCycle.Pipelines"],
        ["MLCycle.Agent"],
    ];

    private static readonly Assembly Library = typeof(MLCycle.Serving.LoadedModel).Assembly;

    // The slim scoring library (ADR 0036) holds the lower layers' shared vocabulary; the same layer table applies to it.
    private static readonly Assembly Scoring = typeof(MLCycleException).Assembly;

    public static TheoryData<string> LayerNamespaces
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (var ns in Layers.SelectMany(l => l)) data.Add(ns);
            return data;
        }
    }

    [Theory]
    [MemberData(nameof(LayerNamespaces))]
    public void Namespace_uses_no_later_or_sibling_layer(string layer)
    {
        var violations = Violations(Library, Layers, layer);

        Assert.True(violations.Count == 0, $"{layer} uses a later stage: {string.Join(", ", violations)}");
    }

    [Fact]
    public void Every_library_namespace_is_in_the_layer_table()
    {
        var known = Layers.SelectMany(l => l).ToHashSet();
        var unlisted = Library.GetTypes().Select(t => t.Namespace).OfType<string>().Distinct()
            .Where(ns => ns.StartsWith("MLCycle.", StringComparison.Ordinal))
            .Where(ns => !known.Contains(ns) && !known.Any(k => k != "MLCycle" && ns.StartsWith(k + ".", StringComparison.Ordinal)))
            .Order(StringComparer.Ordinal).ToList();

        Assert.True(unlisted.Count == 0, $"namespaces missing from the layer table: {string.Join(", ", unlisted)}");
    }

    [Theory]
    [MemberData(nameof(LayerNamespaces))]
    public void Scoring_namespace_uses_no_later_or_sibling_layer(string layer)
    {
        var violations = Violations(Scoring, Layers, layer);

        Assert.True(violations.Count == 0, $"{layer} in MLCycle.Scoring uses a later stage: {string.Join(", ", violations)}");
    }

    [Fact]
    public void Scoring_library_references_neither_MLCycle_nor_a_database_duckdb_yaml_or_host()
    {
        string[] forbidden = ["MLCycle", "DuckDB", "Npgsql", "Microsoft.Data.Sqlite", "Dapper", "YamlDotNet", "Cronos", "BCrypt", "Microsoft.AspNetCore"];

        var referenced = Scoring.GetReferencedAssemblies().Select(a => a.Name!)
            .Where(n => forbidden.Any(f => n == f || n.StartsWith(f + ".", StringComparison.Ordinal))).ToList();
        var result = Types.InAssembly(Scoring).ShouldNot().HaveDependencyOnAny(forbidden[1..]).GetResult();

        Assert.Contains(Scoring.GetReferencedAssemblies(), a => a.Name == "Microsoft.ML.Data");
        Assert.True(referenced.Count == 0, $"MLCycle.Scoring references {string.Join(", ", referenced)} (ADR 0036)");
        Assert.True(result.IsSuccessful, $"MLCycle.Scoring types use {string.Join(", ", result.FailingTypeNames ?? [])}");
    }

    [Fact]
    public void Library_uses_no_host_or_console_framework()
    {
        string[] hosts = ["Microsoft.AspNetCore", "System.CommandLine", "Spectre.Console"];

        var result = Types.InAssembly(Library).ShouldNot().HaveDependencyOnAny(hosts).GetResult();
        var referenced = Library.GetReferencedAssemblies().Select(a => a.Name!).Where(n => hosts.Any(h => n.StartsWith(h, StringComparison.Ordinal))).ToList();

        Assert.True(result.IsSuccessful, $"library types use a host framework: {string.Join(", ", result.FailingTypeNames ?? [])}");
        Assert.Empty(referenced);
    }

    [Fact]
    public void Violations_lower_fixture_namespace_using_a_higher_one_is_reported()
    {
        string[][] layers = [[LayeringFixture.Lower], [LayeringFixture.Higher]];

        var violations = Violations(typeof(LayeringTests).Assembly, layers, LayeringFixture.Lower);

        Assert.Equal([LayeringFixture.Lower + ".UsesHigher"], violations);
        // With the order reversed, the other fixture type is the one that breaks the rule.
        Assert.Equal([LayeringFixture.Higher + ".UsesLower"], Violations(typeof(LayeringTests).Assembly, [.. layers.Reverse()], LayeringFixture.Higher));
    }

    /// <summary>The types of <paramref name="layer"/> that depend on a namespace of a later layer or of a sibling on the same row.</summary>
    internal static IReadOnlyList<string> Violations(Assembly assembly, string[][] layers, string layer)
    {
        var row = Array.FindIndex(layers, l => l.Contains(layer));
        var forbidden = layers.Skip(row).SelectMany(l => l).Where(ns => ns != layer).ToArray();
        // The root namespace is matched exactly; any other layer includes its sub-namespaces (MLCycle.Data.Sources is Data).
        var pattern = layer.Contains('.') ? $"^{Regex.Escape(layer)}(\\..+)?$" : $"^{Regex.Escape(layer)}$";
        var result = Types.InAssembly(assembly).That().ResideInNamespaceMatching(pattern)
            .ShouldNot().HaveDependencyOnAny(forbidden).GetResult();
        return result.IsSuccessful ? [] : (result.FailingTypeNames ?? []).Order(StringComparer.Ordinal).ToList();
    }
}
