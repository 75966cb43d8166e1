using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using MLCycle.Access;
using MLCycle.Server.Auth;
using MLCycle.Server.Json;
using MLCycle.Storage;

namespace MLCycle.Server.Apis;

/// <summary>GET /api/v1/audit: the audit log, newest first, a page at a time, for global admins (the policy of the dashboard's
/// audit page). Reading it writes nothing; a refused read is logged like every refusal.</summary>
public static class AuditApi
{
    public static IEndpointRouteBuilder MapAuditApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/v1/audit", ReadAsync).RequireAuthorization(Policies.Admin)
            .Produces<RegistryPage<AuditEntry>>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden);
        return routes;
    }

    /// <summary>?since= (ISO 8601, default: the whole log), ?max_results= and ?page_token= as every other list; the token is the
    /// id of the last entry returned, so entries written while a caller pages never shift the pages it has not read.</summary>
    private static async Task<IResult> ReadAsync(string? since, [FromQuery(Name = "max_results")] string? maxResults,
        [FromQuery(Name = "page_token")] string? pageToken, MLCycleStore store, CancellationToken ct)
    {
        DateTimeOffset? from = null;
        if (since is not null)
        {
            if (!DateTimeOffset.TryParse(since, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var moment))
            {
                return JsonBody.Problem(StatusCodes.Status400BadRequest, "Bad request",
                    $"since '{NameRules.Show(since)}' is not a date and time; expected ISO 8601 such as 2026-11-30T12:00Z (UTC unless it says otherwise).");
            }
            from = moment;
        }
        var size = ApiPageToken.DefaultResults;
        if (maxResults is not null && (!int.TryParse(maxResults, NumberStyles.None, CultureInfo.InvariantCulture, out size) || size is < 1 or > ApiPageToken.MaxResults))
        {
            return JsonBody.Problem(StatusCodes.Status400BadRequest, "Bad request",
                $"max_results must be a whole number from 1 to {ApiPageToken.MaxResults}; found '{NameRules.Show(maxResults)}'.");
        }
        long? before = null;
        if (!string.IsNullOrEmpty(pageToken))
        {
            if (BeforeId(pageToken) is not { } id)
            {
                return JsonBody.Problem(StatusCodes.Status400BadRequest, "Bad request",
                    $"page_token '{NameRules.Show(pageToken)}' was not issued by this server for the audit log; pass the nextPageToken of a previous page.");
            }
            before = id;
        }
        var entries = await store.Audit.ReadNewestAsync(from, before, size + 1, ct);
        var page = entries.Take(size).ToList();
        var next = entries.Count > size ? ApiPageToken.Encode(page[^1].Id.ToString(CultureInfo.InvariantCulture)) : null;
        return TypedResults.Json(new RegistryPage<AuditEntry>(page, next), AuditJsonContext.Default.RegistryPageAuditEntry);
    }

    /// <summary>The entry id a page token continues below, or null for a token this list did not issue.</summary>
    private static long? BeforeId(string token)
    {
        try
        {
            return long.TryParse(ApiPageToken.Decode(token), NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0 ? id : null;
        }
        catch (MLCycleException)
        {
            return null;
        }
    }
}
