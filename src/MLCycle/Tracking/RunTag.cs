namespace MLCycle.Tracking;

/// <summary>A label on a run; setting a tag again replaces its value.</summary>
public sealed record RunTag(string Key, string Value);
