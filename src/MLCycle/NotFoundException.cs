namespace MLCycle;

/// <summary>The store holds no experiment, run, model, version or alias by the name the caller gave; always <see cref="ErrorKind.NotFound"/>.</summary>
public sealed class NotFoundException(string message) : MLCycleException(ErrorKind.NotFound, message);
