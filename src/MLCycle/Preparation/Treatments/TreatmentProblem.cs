namespace MLCycle.Preparation.Treatments;

/// <summary>A treatment that does not fit the data, at a key path relative to the <c>prepare</c> section ("outliers.income").</summary>
public sealed record TreatmentProblem(string KeyPath, string Message);
