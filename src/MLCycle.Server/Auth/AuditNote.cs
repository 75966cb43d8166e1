namespace MLCycle.Server.Auth;

/// <summary>What a write route adds to its audit line: the registry object changed and its state before and after, as JSON.
/// A route sets it with <c>context.Features.Set(new AuditNote(...))</c>; <see cref="AuditTrail"/> records it.</summary>
public sealed record AuditNote(string? Target, string? BeforeJson, string? AfterJson);
