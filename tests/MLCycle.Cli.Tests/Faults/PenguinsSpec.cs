namespace MLCycle.Cli.Tests.Faults;

/// <summary>The spec the kill attacks run: a real dataset (Palmer penguins, 344 rows) and a light training, so one run takes seconds
/// and dozens of them fit in CI. Each attack adds its own sections (gates, a schedule) after the common ones.</summary>
public static class PenguinsSpec
{
    /// <summary>Copies penguins.csv into <paramref name="folder"/>, writes mlcycle.yaml beside it ending with <paramref name="more"/>,
    /// and returns the spec's path.</summary>
    public static string Write(string folder, string more)
    {
        File.Copy(RepoPaths.Get("examples", "penguins", "penguins.csv"), Path.Combine(folder, "penguins.csv"));
        var spec = Path.Combine(folder, "mlcycle.yaml");
        File.WriteAllText(spec, """
            name: penguins
            data:
              path: penguins.csv
              target: species
              task: multiclass
            split:
              test: 0.25
              seed: 7
            train:
              algorithms: [lightgbm, baseline]
              cv: 2

            """ + more);
        return spec;
    }
}
