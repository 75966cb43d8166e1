namespace MLCycle.Server.Auth;

/// <summary>The marker a handler sets once its request's audit line is committed with its write, so <see cref="AuditTrail"/>
/// writes no second one.</summary>
internal sealed class AuditWritten;
