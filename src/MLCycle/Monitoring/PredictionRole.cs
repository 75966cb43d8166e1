namespace MLCycle.Monitoring;

/// <summary>What a logged prediction did for its request: answered it by the default route (primary) or as the canary, or was scored
/// beside the answer and not returned (shadow).</summary>
public enum PredictionRole
{
    Primary,
    Shadow,
    Canary,
}
