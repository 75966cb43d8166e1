using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using MLCycle.Access;
using MLCycle.Server.Auth;
using MLCycle.Server.Json;
using MLCycle.Storage;
using MLCycle.Tracking;
using MLCycle.Tracking.Search;

namespace MLCycle.Server.Apis;

/// <summary>The tracking REST API under /api/v1/runs: create a run, log a batch, end it, read it, search runs with a filter, and its
/// artifacts (<see cref="RunArtifactsApi"/>). Writes need editor on the run's experiment, reads need reader.</summary>
public static class TrackingApi
{
    /// <summary>Most metrics, params and tags in one batch; more is a 400 that names the limit.</summary>
    public const int MaxMetrics = 1000, MaxParams = 100, MaxTags = 100;

    /// <summary>Longest param and tag values, in characters (MLflow's limits).</summary>
    public const int MaxParamValue = 6000, MaxTagValue = 8000;

    public static IEndpointRouteBuilder MapTrackingApi(this IEndpointRouteBuilder routes)
    {
        var runs = routes.MapGroup("/api/v1/runs");
        runs.MapPost("/", CreateAsync).RequireAuthorization(Policies.Editor).DocumentsBody<CreateRunRequest>()
            .Produces<CreateRunResponse>(StatusCodes.Status201Created).ProducesProblem(StatusCodes.Status400BadRequest);
        runs.MapGet("/", SearchAsync).RequireAuthorization(Policies.Reader)
            .Produces<RunPageResponse>().ProducesProblem(StatusCodes.Status400BadRequest);
        runs.MapGet("/{run}", GetAsync).RequireAuthorization(Policies.Reader)
            .Produces<RunBody>().ProducesProblem(StatusCodes.Status404NotFound);
        runs.MapPost("/{run}/log-batch", LogBatchAsync).RequireAuthorization(Policies.Editor).DocumentsBody<LogBatchRequest>()
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status409Conflict);
        runs.MapPost("/{run}/end", EndAsync).RequireAuthorization(Policies.Editor).DocumentsBody<EndRunRequest>(optional: true)
            .Produces<RunBody>().ProducesProblem(StatusCodes.Status409Conflict);
        RunLeaseApi.Map(runs);
        RunArtifactsApi.Map(runs);
        RunChildrenApi.Map(runs);
        return routes;
    }

    private static async Task<IResult> CreateAsync(HttpRequest request, MLCycleStore store, RunLease lease, CancellationToken ct)
    {
        var (body, problem) = await JsonBody.ReadAsync(request, TrackingJsonContext.Default.CreateRunRequest, optional: false, ct);
        if (problem is not null) return problem;
        if (string.IsNullOrWhiteSpace(body!.Experiment))
        {
            return JsonBody.Problem(StatusCodes.Status400BadRequest, "Bad request", "'experiment' is required: the name of the experiment the run belongs to.");
        }
        var experiment = NameRules.ExperimentName(body.Experiment);
        if (RunAccess.Refusal(request.HttpContext, Role.Editor, experiment) is { } refused) return refused;
        var errors = new List<string>();
        var tags = KeyValues(body.Tags, "tags", MaxTags, MaxTagValue, errors);
        if (errors.Count > 0) return Invalid(errors);
        var duplicate = tags.GroupBy(t => t.Key, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            return JsonBody.Problem(StatusCodes.Status400BadRequest, "Invalid input", $"Tag '{NameRules.Show(duplicate.Key)}' appears more than once.");
        }
        var run = await store.Tracking.CreateClientRunAsync(experiment, body.Name, tags.ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal), lease.Duration, ct);
        request.HttpContext.Response.Headers.Location = $"/api/v1/runs/{run.RunId}";
        // The lease's length tells the client how often to send a heartbeat (ADR 0055).
        return TypedResults.Json(new CreateRunResponse(run.RunId, (long)lease.Duration.TotalMilliseconds, run.LeaseExpires?.ToUnixTimeMilliseconds()),
            TrackingJsonContext.Default.CreateRunResponse, statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> GetAsync(string run, HttpContext context, MLCycleStore store, CancellationToken ct)
    {
        var found = await store.Tracking.GetRunAsync(run, ct);
        return RunAccess.Refusal(context, Role.Reader, found.ExperimentName)
            ?? TypedResults.Json(RunBody.From(found), TrackingJsonContext.Default.RunBody);
    }

    private static async Task<IResult> SearchAsync(
        string? experiment, string? filter, [FromQuery(Name = "order_by")] string[]? orderBy, [FromQuery(Name = "max_results")] string? maxResults,
        [FromQuery(Name = "page_token")] string? pageToken, HttpContext context, MLCycleStore store, CancellationToken ct)
    {
        if (experiment is not null && RunAccess.Refusal(context, Role.Reader, experiment) is { } refused) return refused;
        var max = 100;
        if (maxResults is not null && !int.TryParse(maxResults, NumberStyles.None, CultureInfo.InvariantCulture, out max))
        {
            return JsonBody.Problem(StatusCodes.Status400BadRequest, "Bad request",
                $"max_results must be a whole number from 1 to {RunSearch.MaxPageSize}; found '{NameRules.Show(maxResults)}'.");
        }
        var page = await store.Tracking.SearchRunsAsync(new RunSearch
        {
            Experiment = experiment,
            VisibleExperiments = experiment is null ? RunAccess.ReadableExperiments(context) : null,
            Filter = filter,
            OrderBy = orderBy ?? [],
            MaxResults = max,
            PageToken = string.IsNullOrEmpty(pageToken) ? null : pageToken,
        }, ct);
        return TypedResults.Json(new RunPageResponse([.. page.Items.Select(RunBody.From)], page.NextPageToken), TrackingJsonContext.Default.RunPageResponse);
    }

    private static async Task<IResult> LogBatchAsync(string run, HttpRequest request, MLCycleStore store, RunLease lease, CancellationToken ct)
    {
        var (body, problem) = await JsonBody.ReadAsync(request, TrackingJsonContext.Default.LogBatchRequest, optional: false, ct);
        if (problem is not null) return problem;
        var errors = new List<string>();
        var parameters = KeyValues(body!.Params, "params", MaxParams, MaxParamValue, errors).Select(p => new Param(p.Key, p.Value)).ToList();
        var tags = KeyValues(body.Tags, "tags", MaxTags, MaxTagValue, errors).Select(t => new RunTag(t.Key, t.Value)).ToList();
        var metrics = Metrics(body.Metrics, errors);
        if (errors.Count > 0) return Invalid(errors);

        // The run's experiment is all the access check needs: loading the whole run cost five queries per batch.
        var found = await store.Tracking.GetRunExperimentAsync(run, ct);
        if (RunAccess.Refusal(request.HttpContext, Role.Editor, found.ExperimentName) is { } refused) return refused;
        // A run the server ended for want of a heartbeat tells its (slow, not dead) client why, rather than taking values it will never use.
        if (found.LeaseLapsed) return await RunLeaseApi.LapsedAsync(store, found.RunId, ct);
        // A write is a sign of life too, for clients that send no heartbeat; renewed once half the lease is spent, not per batch.
        if (found.LeaseExpires is { } expires && lease.IsHalfSpent(expires, DateTimeOffset.UtcNow)) await store.Tracking.RenewLeaseAsync(found.RunId, lease.Duration, ct);
        // The audit line goes in the batch's own transaction (one commit, one flush to disk); the trail then writes no second one.
        var audit = AuditTrail.EntryFor(request.HttpContext, StatusCodes.Status204NoContent, allowed: true);
        await store.Tracking.LogBatchAuditedAsync(found.RunId, metrics, parameters, tags, audit, ct);
        request.HttpContext.Features.Set(AuditTrail.Written);
        return TypedResults.NoContent();
    }

    private static async Task<IResult> EndAsync(string run, HttpRequest request, MLCycleStore store, CancellationToken ct)
    {
        var (body, problem) = await JsonBody.ReadAsync(request, TrackingJsonContext.Default.EndRunRequest, optional: true, ct);
        if (problem is not null) return problem;
        var status = RunStatus.Finished;
        if (body?.Status is { } text && (!Enum.TryParse(text, ignoreCase: true, out status) || !Enum.IsDefined(status) || status == RunStatus.Running
            || int.TryParse(text, out _)))
        {
            return JsonBody.Problem(StatusCodes.Status400BadRequest, "Bad request",
                $"'status' must be Finished, Failed or Killed; found '{NameRules.Show(text)}'.");
        }
        var found = await store.Tracking.GetRunAsync(run, ct);
        if (RunAccess.Refusal(request.HttpContext, Role.Editor, found.ExperimentName) is { } refused) return refused;
        // The check and the update are one statement: of two ends sent at once, one gets 200 and the other 409.
        if (!await store.Tracking.EndRunningRunAsync(found.RunId, status, body?.Error, ct))
        {
            var ended = await store.Tracking.GetRunAsync(found.RunId, ct);
            return ended.LeaseLapsed
                ? RunLeaseApi.Lapsed(ended)
                : JsonBody.Problem(StatusCodes.Status409Conflict, "Conflict", $"Run {ended.RunId} already ended as {ended.Status} at {ended.EndTime:O}; a run ends once.");
        }
        return TypedResults.Json(RunBody.From(await store.Tracking.GetRunAsync(found.RunId, ct)), TrackingJsonContext.Default.RunBody);
    }

    /// <summary>The params or tags of a body, each checked for a key, a value and the value's length; problems go to <paramref name="errors"/>.</summary>
    private static List<(string Key, string Value)> KeyValues(List<KeyValueBody?>? items, string field, int max, int maxValue, List<string> errors)
    {
        if (items is null) return [];
        if (items.Count > max) errors.Add($"'{field}' holds {items.Count} items; at most {max} are accepted in one request.");
        var valid = new List<(string, string)>();
        for (var i = 0; i < items.Count && i < max; i++)
        {
            var item = items[i];
            if (item?.Key is null || item.Value is null)
            {
                errors.Add($"{field}[{i}] needs both 'key' and 'value' as strings.");
            }
            else if (item.Value.Length > maxValue)
            {
                errors.Add($"{field}[{i}] ('{NameRules.Show(item.Key)}') has a value of {item.Value.Length} characters; at most {maxValue} are accepted.");
            }
            else
            {
                valid.Add((item.Key, item.Value));
            }
        }
        return valid;
    }

    /// <summary>The metrics of a batch: NaN is kept (it matches no search), infinities are refused, a missing timestamp is now.</summary>
    private static List<Metric> Metrics(List<MetricBody?>? items, List<string> errors)
    {
        if (items is null) return [];
        if (items.Count > MaxMetrics) errors.Add($"'metrics' holds {items.Count} items; at most {MaxMetrics} are accepted in one batch.");
        var now = DateTimeOffset.UtcNow;
        var metrics = new List<Metric>(Math.Min(items.Count, MaxMetrics));
        for (var i = 0; i < items.Count && i < MaxMetrics && errors.Count < 20; i++)
        {
            var item = items[i];
            if (item?.Key is null || item.Value is not { } value)
            {
                errors.Add($"metrics[{i}] needs a 'key' (string) and a 'value' (number, or \"NaN\").");
            }
            else if (double.IsInfinity(value))
            {
                errors.Add($"metrics[{i}] ('{NameRules.Show(item.Key)}') is {(value > 0 ? "Infinity" : "-Infinity")}; infinite values are not stored (send \"NaN\" for an undefined value).");
            }
            else if (item.Timestamp is < 0 or > 253_402_300_799_999)
            {
                errors.Add($"metrics[{i}] ('{NameRules.Show(item.Key)}') has timestamp {item.Timestamp}; expected Unix milliseconds.");
            }
            else
            {
                var time = item.Timestamp is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : now;
                metrics.Add(new Metric(item.Key, value, item.Step ?? 0, time));
            }
        }
        return metrics;
    }

    private static IResult Invalid(List<string> errors) =>
        TypedResults.Problem(
            title: "Invalid input",
            detail: $"Nothing was written: {string.Join(" ", errors.Take(20))}{(errors.Count > 20 ? $" ({errors.Count - 20} more)" : "")}",
            statusCode: StatusCodes.Status400BadRequest,
            extensions: new Dictionary<string, object?> { ["errors"] = errors.Take(100).ToList() });
}
