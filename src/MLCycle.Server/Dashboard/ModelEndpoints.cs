using Microsoft.AspNetCore.Http.HttpResults;
using MLCycle.Access;
using MLCycle.Monitoring;
using MLCycle.Pipelines;
using MLCycle.Registry;
using MLCycle.Reports;
using MLCycle.Server.Auth;
using MLCycle.Server.Dashboard.Pages;
using MLCycle.Storage;

namespace MLCycle.Server.Dashboard;

/// <summary>The models pages: the models a user may read, one model's aliases, versions, model cards and alias history, and the
/// drift checks monitoring recorded for it.</summary>
internal static class ModelEndpoints
{
    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapGet("/models", ListAsync).RequireAuthorization(Policies.Reader).WithMetadata(DashboardPage.Instance);
        routes.MapGet("/models/{name}", ShowAsync).RequireAuthorization(Policies.Reader).WithMetadata(DashboardPage.Instance);
        routes.MapGet("/models/{name}/monitoring", MonitoringAsync).RequireAuthorization(Policies.Reader).WithMetadata(DashboardPage.Instance);
        routes.MapGet("/models/{name}/versions/{version:int}/card", CardAsync).RequireAuthorization(Policies.Reader).WithMetadata(DashboardPage.Instance);
    }

    private static async Task<IResult> ListAsync(HttpContext context, MLCycleStore store)
    {
        var access = ((AccessIdentity)context.User.Identity!).Access;
        var models = (await store.Registry.ListModelsAsync(context.RequestAborted)).Where(m => access.Allows(Role.Reader, GrantScope.Model, m.Name)).ToList();
        return new RazorComponentResult<ModelsPage>(new { View = DashboardView.For(context), Models = models });
    }

    private static async Task<IResult> ShowAsync(HttpContext context, MLCycleStore store, string name)
    {
        var ct = context.RequestAborted;
        RegisteredModel model;
        try
        {
            model = await store.Registry.GetModelAsync(name, ct);
        }
        catch (MLCycleException e)
        {
            return RunEndpoints.Message(context, e, "/models");
        }
        var versions = await store.Registry.ListVersionsAsync(model.Name, ct);
        var history = await store.Registry.GetAliasHistoryAsync(model.Name, ct);
        var cards = versions.Where(v => HasCard(store, v.RunId)).Select(v => v.Version).ToHashSet();
        var canRequest = ((AccessIdentity)context.User.Identity!).Access.Allows(Role.Editor, GrantScope.Model, model.Name);
        return new RazorComponentResult<ModelPage>(new
        {
            View = DashboardView.For(context), Model = model, Versions = versions, History = history, Cards = cards, CanRequest = canRequest,
        });
    }

    private static async Task<IResult> MonitoringAsync(HttpContext context, MLCycleStore store, string name)
    {
        var ct = context.RequestAborted;
        RegisteredModel model;
        try
        {
            model = await store.Registry.GetModelAsync(name, ct);
        }
        catch (MLCycleException e)
        {
            return RunEndpoints.Message(context, e, "/models");
        }
        var checks = await DriftHistory.ReadModelAsync(store.Tracking, model.Name, ct);
        var chart = MetricCharts.OverTime("worst PSI", [.. checks.Where(c => c.Worst is not null).Select(c => (c.Time, c.Worst!.Value.Psi))]);
        return new RazorComponentResult<DriftChecksPage>(new { View = DashboardView.For(context), Model = model, Checks = checks, Chart = chart });
    }

    /// <summary>A version's model card built now, as <c>mlcycle models card</c> builds it: its drift limitation says what monitoring
    /// recorded since registration, which the card stored at registration cannot.</summary>
    private static async Task<IResult> CardAsync(HttpContext context, MLCycleStore store, string name, int version)
    {
        ModelCard card;
        try
        {
            card = await ModelCards.For(store).BuildAsync($"{name}:{version}", context.RequestAborted);
        }
        catch (MLCycleException e)
        {
            return RunEndpoints.Message(context, e, $"/models/{Uri.EscapeDataString(name)}");
        }
        // The card quotes text from runs and specs: sandboxed like the run artifacts it replaces.
        context.Response.Headers.ContentSecurityPolicy = PageSecurityHeaders.Sandbox;
        return Results.Content(ModelCardWriter.Html(card), "text/html; charset=utf-8");
    }

    private static bool HasCard(MLCycleStore store, string runId)
    {
        try
        {
            return File.Exists(store.Artifacts.Resolve(runId, ModelCards.HtmlFile));
        }
        catch (MLCycleException)
        {
            // A version registered from outside a run (an imported package) has no run folder to look in.
            return false;
        }
    }
}
