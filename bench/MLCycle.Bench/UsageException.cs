namespace MLCycle.Bench;

/// <summary>A benchmark asked for something it cannot measure (an option's value out of range, a priority the system refused): its
/// message is printed alone and the benchmark exits 2, instead of a stack trace.</summary>
public sealed class UsageException(string message) : Exception(message);
