namespace MLCycle.Access;

/// <summary>What a grant applies to: every experiment and model, one model, or one experiment.</summary>
public enum GrantScope
{
    Global,
    Model,
    Experiment,
}
