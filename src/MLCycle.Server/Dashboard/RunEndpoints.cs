using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.StaticFiles;
using MLCycle.Access;
using MLCycle.Reports;
using MLCycle.Server.Apis;
using MLCycle.Server.Auth;
using MLCycle.Server.Dashboard.Pages;
using MLCycle.Server.Problems;
using MLCycle.Storage;
using MLCycle.Tracking;

namespace MLCycle.Server.Dashboard;

/// <summary>The runs pages: search, one run, its artifacts, and runs compared side by side.</summary>
internal static class RunEndpoints
{
    /// <summary>A run with more metrics than this charts the first ones only, so one page stays one handful of queries.</summary>
    private const int MaxCharts = 40;

    private static readonly FileExtensionContentTypeProvider ContentTypes = new();

    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapGet("/runs", SearchAsync).RequireAuthorization(Policies.Reader).WithMetadata(DashboardPage.Instance);
        routes.MapGet("/runs/{runId}", ShowAsync).RequireAuthorization(Policies.Reader).WithMetadata(DashboardPage.Instance);
        routes.MapGet("/runs/{runId}/artifacts/{**path}", ArtifactAsync).RequireAuthorization(Policies.Reader).WithMetadata(DashboardPage.Instance);
        routes.MapGet("/compare", CompareAsync).RequireAuthorization(Policies.Reader).WithMetadata(DashboardPage.Instance);
    }

    private static async Task<IResult> SearchAsync(HttpContext context, MLCycleStore store,
        string? experiment, string? filter, string? sort, string? order, string? page, string[]? back)
    {
        var query = new RunsQuery
        {
            Experiment = experiment,
            Filter = filter,
            SortMetric = string.IsNullOrWhiteSpace(sort) ? null : sort.Trim(),
            Descending = !string.Equals(order, "asc", StringComparison.OrdinalIgnoreCase),
            PageToken = page,
        };
        RunsPage? result = null;
        string? error = null;
        try
        {
            // A user with grants on some experiments only sees their runs: the store searches those experiments only.
            result = await RunsPageQuery.SearchAsync(store.Tracking, query, context.RequestAborted, RunAccess.ReadableExperiments(context));
        }
        catch (MLCycleException e) when (e.Kind is ErrorKind.BadSpec or ErrorKind.NotFound)
        {
            error = e.Message;
        }
        var experiments = result?.Runs.Select(r => r.ExperimentName).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList() ?? [];
        return new RazorComponentResult<RunListPage>(new { View = DashboardView.For(context), Query = query, Result = result, Error = error, Back = back ?? [], Experiments = experiments })
        {
            StatusCode = error is null ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest,
        };
    }

    private static async Task<IResult> ShowAsync(HttpContext context, MLCycleStore store, string runId)
    {
        var ct = context.RequestAborted;
        Run run;
        try
        {
            run = await store.Tracking.GetRunAsync(runId, ct);
        }
        catch (MLCycleException e)
        {
            return Message(context, e, "/runs");
        }
        if (!CanRead(context, run)) return Forbidden(context, run);
        var charts = new List<(string Caption, string Svg)>();
        foreach (var key in run.Metrics.Keys.Order(StringComparer.Ordinal).Take(MaxCharts))
        {
            var history = await store.Tracking.GetMetricHistoryAsync(run.RunId, key, ct);
            // A run logs cross-validation metrics as "cv.ALGORITHM.METRIC" with the fold as the step.
            var stepName = key.StartsWith("cv.", StringComparison.Ordinal) ? "fold" : "step";
            if (history.Select(m => m.Step).Distinct().Count() > 1) charts.Add(($"{key} by {stepName}", MetricCharts.History(key, history, stepName)));
        }
        var children = await store.Tracking.GetChildRunsAsync(run.RunId, ct);
        return new RazorComponentResult<RunPage>(new { View = DashboardView.For(context), Run = run, Children = children, Artifacts = store.Artifacts.List(run.RunId), Charts = charts });
    }

    private static async Task<IResult> ArtifactAsync(HttpContext context, MLCycleStore store, string runId, string path)
    {
        string file;
        try
        {
            var run = await store.Tracking.GetRunAsync(runId, context.RequestAborted);
            if (!CanRead(context, run)) return Forbidden(context, run);
            file = store.Artifacts.Resolve(run.RunId, path);
        }
        catch (MLCycleException e)
        {
            return Message(context, e, "/runs");
        }
        if (!File.Exists(file))
        {
            return Message(context, new NotFoundException($"Run '{runId}' has no artifact '{path}'."), $"/runs/{Uri.EscapeDataString(runId)}");
        }
        // Reports and model cards are HTML written by runs: sandboxed, so nothing in one can act as the logged-in user.
        context.Response.Headers.ContentSecurityPolicy = PageSecurityHeaders.Sandbox;
        return Results.File(file, ContentTypes.TryGetContentType(file, out var type) ? type : "application/octet-stream", enableRangeProcessing: true);
    }

    private static async Task<IResult> CompareAsync(HttpContext context, MLCycleStore store, string[]? run, string? ids, string? metric)
    {
        var wanted = (run ?? []).Concat((ids ?? "").Split([',', ' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries))
            .Select(id => id.Trim()).Where(id => id.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        var view = DashboardView.For(context);
        if (wanted.Count > ComparePage.MaxRuns)
        {
            return new RazorComponentResult<ComparePage>(new { View = view, Error = $"Choose at most {ComparePage.MaxRuns} runs to compare; {wanted.Count} were given." })
            { StatusCode = StatusCodes.Status400BadRequest };
        }
        var runs = new List<Run>();
        foreach (var id in wanted)
        {
            try
            {
                var found = await store.Tracking.GetRunAsync(id, context.RequestAborted);
                if (!CanRead(context, found)) return Forbidden(context, found);
                runs.Add(found);
            }
            catch (MLCycleException e)
            {
                return new RazorComponentResult<ComparePage>(new { View = view, Runs = runs, Error = e.Message })
                { StatusCode = ProblemExceptionHandler.StatusFor(e.Kind) };
            }
        }
        var keys = runs.SelectMany(r => r.Metrics.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var chosen = metric is not null && keys.Contains(metric) ? metric : keys.FirstOrDefault();
        var chart = chosen is null ? null
            : MetricCharts.Bars(chosen, [.. runs.Select(r => (r.Name ?? r.RunId[..8], r.Metrics.TryGetValue(chosen, out var m) ? m.Value : double.NaN))]);
        return new RazorComponentResult<ComparePage>(new { View = view, Runs = runs, Metric = chosen, Chart = chart });
    }

    /// <summary>Whether the user may read the run: reader or more on its experiment, or everywhere.</summary>
    private static bool CanRead(HttpContext context, Run run) =>
        (context.User.Identity as AccessIdentity)?.Access.Allows(Role.Reader, GrantScope.Experiment, run.ExperimentName) == true;

    private static IResult Forbidden(HttpContext context, Run run) =>
        new RazorComponentResult<MessagePage>(new
        {
            View = DashboardView.For(context),
            Title = "Forbidden",
            Message = $"User '{context.User.Identity?.Name}' needs the role reader or higher on experiment '{run.ExperimentName}' to see run "
                + $"{run.RunId}; an admin grants it with 'mlcycle users grant'.",
            Back = "/runs",
        })
        { StatusCode = StatusCodes.Status403Forbidden };

    /// <summary>A page saying what was not found or not understood, with the status of its kind.</summary>
    internal static IResult Message(HttpContext context, MLCycleException error, string back) =>
        new RazorComponentResult<MessagePage>(new
        {
            View = DashboardView.For(context),
            Title = error.Kind == ErrorKind.NotFound ? "Not found" : "Cannot show this",
            Message = error.Message,
            Back = back,
        })
        { StatusCode = ProblemExceptionHandler.StatusFor(error.Kind) };
}
