namespace MLCycle;

/// <summary>The store holds no experiment, run, model, version or alias by the name the caller gave.</summary>
public sealed class NotFoundException(string message) : MLCycleException(message, exitCode: 1);
