using System.CommandLine;
using System.CommandLine.Parsing;
using System.Net;
using MLCycle.Client;

namespace MLCycle.Cli.Remote;

/// <summary>`--server URL`: the client of a team server with the token in MLCYCLE_TOKEN, instead of a local store; and the one
/// place where the server's refusals become the CLI's error kinds (and so its exit codes).</summary>
public static class ServerConnection
{
    /// <summary>The verbs that work against a server; any other refuses --server rather than quietly using a local store.</summary>
    public static readonly IReadOnlySet<string> Verbs = new HashSet<string>(StringComparer.Ordinal)
    {
        "runs list", "runs show", "models list", "models show", "models request-promotion", "models requests", "models approve", "models reject",
        "models rollback", "audit", "run",
    };

    /// <summary>An error when --server was given to a verb that does not work against a server; null otherwise.</summary>
    public static string? Refusal(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        if (parse.GetValue(GlobalOptions.Server) is null) return null;
        var result = parse.CommandResult;
        // A top-level verb (audit) has the root command as its parent, which has none: its name alone is the verb.
        var verb = result.Parent is CommandResult { Parent: not null } parent ? $"{parent.Command.Name} {result.Command.Name}" : result.Command.Name;
        return Verbs.Contains(verb) ? null
            : $"'mlcycle {verb}' works on a local store only; --server is for {string.Join(", ", Verbs.Select(v => "'" + v + "'"))}.";
    }

    /// <summary>The client of the server named by --server, or null when the command works on a local store.</summary>
    public static MLCycleClient? Open(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        if (parse.GetValue(GlobalOptions.Server) is not { } address) return null;
        if (parse.GetResult(GlobalOptions.Store) is { Implicit: false } || parse.GetResult(GlobalOptions.Artifacts) is { Implicit: false })
        {
            throw new MLCycleException(ErrorKind.BadSpec, "--server and --store (or --artifacts) name two different stores; pass one of them.");
        }
        if (!Uri.TryCreate(address, UriKind.Absolute, out var server) || server.Scheme is not ("http" or "https"))
        {
            throw new MLCycleException(ErrorKind.BadSpec, $"--server '{NameRules.Show(address)}' is not an http or https URL such as https://mlcycle.example:5080.");
        }
        if (Environment.GetEnvironmentVariable(CliActor.TokenVariable)?.Trim() is not { Length: > 0 } token)
        {
            throw new MLCycleException(ErrorKind.Forbidden, $"--server needs your API token in {CliActor.TokenVariable}; the server's admin issues one with 'mlcycle users add NAME' or 'mlcycle users rotate NAME'.");
        }
        return new MLCycleClient(server, token);
    }

    /// <summary>The error kind of a server's refusal: 400 a bad argument, 401 and 403 forbidden, 404 not found, 409 conflict,
    /// 422 validation failed, no answer unavailable, anything else a failure.</summary>
    public static ErrorKind Kind(MLCycleApiException e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return e.Status switch
        {
            HttpStatusCode.BadRequest or HttpStatusCode.RequestEntityTooLarge => ErrorKind.BadSpec,
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => ErrorKind.Forbidden,
            HttpStatusCode.NotFound => ErrorKind.NotFound,
            HttpStatusCode.Conflict => ErrorKind.Conflict,
            HttpStatusCode.UnprocessableEntity => ErrorKind.ValidationFailed,
            null or HttpStatusCode.ServiceUnavailable or HttpStatusCode.BadGateway or HttpStatusCode.GatewayTimeout => ErrorKind.Unavailable,
            _ => ErrorKind.Failed,
        };
    }

    /// <summary>What the CLI prints for a refusal: the server's own explanation, and for a refused token what to do about it.</summary>
    public static string Message(MLCycleApiException e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return e.Status == HttpStatusCode.Unauthorized
            ? $"The server refused the token in {CliActor.TokenVariable} (401 {e.Detail ?? e.Title}); set it to a live API token of that server ('mlcycle users rotate NAME' issues a new one)."
            : e.Status is null ? $"Server unavailable: {e.Detail}" : $"Server: {e.Message}";
    }
}
