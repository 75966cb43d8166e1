namespace MLCycle.Tracking;

/// <summary>Makes run ids: 32 lower-case hex digits of a random GUID, as MLflow does.</summary>
public static class RunIdGenerator
{
    public const int Length = 32;

    /// <summary>The shortest prefix accepted in place of a full run id.</summary>
    public const int MinimumPrefixLength = 4;

    public static string NewId() => Guid.NewGuid().ToString("N");

    /// <summary>Whether <paramref name="text"/> could be a run id or a prefix of one (lower-case hex, 4 to 32 characters).</summary>
    public static bool IsIdOrPrefix(string text) =>
        text.Length is >= MinimumPrefixLength and <= Length && text.All(char.IsAsciiHexDigitLower);
}
