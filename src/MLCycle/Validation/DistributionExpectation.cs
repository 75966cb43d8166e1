namespace MLCycle.Validation;

/// <summary>
/// A column's distribution must stay close to a reference profile: PSI below <see cref="Psi"/> and/or a KS p-value
/// (chi-squared for categorical columns) of at least <see cref="KsP"/>.
/// </summary>
public sealed record DistributionExpectation(double? Psi, double? KsP);
