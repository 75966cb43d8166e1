namespace MLCycle.Server.Json;

/// <summary>One reason a request was refused: the 0-based row (null when the whole body is at fault), the field, and why.</summary>
internal sealed record FieldError(int? Row, string Field, string Reason);
