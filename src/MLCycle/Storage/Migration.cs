namespace MLCycle.Storage;

/// <summary>One numbered schema change; the script is written per dialect where engines differ.</summary>
internal sealed record Migration(int Number, string Name, Func<ISqlDialect, string> Script);
