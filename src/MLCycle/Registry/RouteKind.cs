namespace MLCycle.Registry;

/// <summary>How a route sends traffic of a model's default reference to another version.</summary>
public enum RouteKind
{
    /// <summary>Scores every request beside the champion, off the request path; the champion's answer is returned.</summary>
    Shadow,

    /// <summary>Answers a share of the requests instead of the champion.</summary>
    Canary,
}
