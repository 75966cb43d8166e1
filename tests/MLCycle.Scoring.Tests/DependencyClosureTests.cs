using System.Text.Json;

namespace MLCycle.Scoring.Tests;

/// <summary>An app that references MLCycle.Scoring gets no database driver, DuckDB, YAML or web host (ADR 0036).</summary>
public class DependencyClosureTests
{
    private static readonly string[] Forbidden =
        ["DuckDB", "Npgsql", "Microsoft.Data.Sqlite", "SQLitePCLRaw", "Dapper", "YamlDotNet", "Microsoft.AspNetCore", "Cronos", "BCrypt"];

    [Fact]
    public void DepsJson_of_an_app_using_the_slim_library_names_no_database_duckdb_or_web_assembly()
    {
        var libraries = Libraries();

        Assert.Contains(libraries, l => l.StartsWith("Microsoft.ML/", StringComparison.Ordinal));
        Assert.Contains(libraries, l => l.StartsWith("MLCycle.Scoring/", StringComparison.Ordinal));
        Assert.DoesNotContain(libraries, l => Forbidden.Any(f => l.StartsWith(f, StringComparison.OrdinalIgnoreCase)));
        Assert.DoesNotContain(libraries, l => l.StartsWith("MLCycle/", StringComparison.Ordinal));
    }

    [Fact]
    public void RuntimeConfig_of_an_app_using_the_slim_library_needs_no_aspnetcore_framework()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "MLCycle.Scoring.Tests.runtimeconfig.json");
        using var config = JsonDocument.Parse(File.ReadAllText(path));

        Assert.DoesNotContain("Microsoft.AspNetCore", config.RootElement.GetRawText(), StringComparison.Ordinal);
    }

    // The "libraries" of deps.json: every package and project in the dependency closure, as "name/version".
    private static List<string> Libraries()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "MLCycle.Scoring.Tests.deps.json");
        using var deps = JsonDocument.Parse(File.ReadAllText(path));
        return [.. deps.RootElement.GetProperty("libraries").EnumerateObject().Select(p => p.Name)];
    }
}
