namespace MLCycle.Registry;

/// <summary>One change of a model's route: its new target and share (both null when the route was cleared), who and when.</summary>
public sealed record RouteChange(string Name, RouteKind Kind, string? Target, double? SharePercent, string Actor, DateTimeOffset Time);
