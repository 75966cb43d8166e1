namespace MLCycle.Tests.Validation;

/// <summary>Repository datasets (found by walking up to MLCycle.slnx) and a temp folder for planted data, deleted at the end.</summary>
internal sealed class ValidationFiles : IDisposable
{
    private static readonly Lazy<string> Root = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "MLCycle.slnx"))) return dir.FullName;
        throw new InvalidOperationException("MLCycle.slnx not found above " + AppContext.BaseDirectory);
    });

    public ValidationFiles()
    {
        Folder = Path.Combine(Path.GetTempPath(), "mlcycle-validation-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Folder);
    }

    public string Folder { get; }

    public static string Penguins => Path.Combine(Root.Value, "examples", "penguins", "penguins.csv");
    public static string Pima => Path.Combine(Root.Value, "tests", "data", "pima_diabetes.csv");

    public string Write(string name, string content)
    {
        var path = Path.Combine(Folder, name);
        File.WriteAllText(path, content);
        return path;
    }

    /// <summary>A copy of a CSV with one data row's field replaced (row is 1-based, as validation reports rows).</summary>
    public string WithField(string source, string name, int row, string column, string value)
    {
        var lines = File.ReadAllLines(source);
        var index = Array.IndexOf(lines[0].Split(','), column);
        var fields = lines[row].Split(',');
        fields[index] = value;
        lines[row] = string.Join(',', fields);
        var path = Path.Combine(Folder, name);
        File.WriteAllLines(path, lines);
        return path;
    }

    public void Dispose()
    {
        try { Directory.Delete(Folder, recursive: true); }
        catch (IOException) { }
    }
}
