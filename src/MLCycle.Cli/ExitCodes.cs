namespace MLCycle.Cli;

/// <summary>Exit codes that CI pipelines can branch on.</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    public const int Error = 1;
    public const int BadArguments = 2;
    public const int DriftFound = 3;
    public const int ValidationFailed = 4;
}
