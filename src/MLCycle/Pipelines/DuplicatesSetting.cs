namespace MLCycle.Pipelines;

/// <summary>What happens to duplicate rows (<c>drop|keep</c>).</summary>
public enum DuplicatesSetting
{
    Drop,
    Keep,
}
