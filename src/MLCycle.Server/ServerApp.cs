using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Connections;
using MLCycle.Access;
using Microsoft.Extensions.Hosting;
using MLCycle.Monitoring;
using MLCycle.Server.Admission;
using MLCycle.Server.Apis;
using MLCycle.Server.Auth;
using MLCycle.Server.Dashboard;
using MLCycle.Server.Json;
using MLCycle.Server.Problems;
using MLCycle.Serving;
using MLCycle.Storage;
using Prometheus;

namespace MLCycle.Server;

/// <summary>Composes the MLCycle server: the store, the model cache, the prediction log writer and the API groups.</summary>
public static class ServerApp
{
    /// <summary>The longest request line served: room for page tokens of up to four sort values of the longest length the API takes.</summary>
    public const int MaxRequestLineBytes = 64 * 1024;

    /// <summary>Opens the store and builds (but does not start) the server for <paramref name="options"/>; opening the store may throw <see cref="MLCycleException"/>.</summary>
    public static async Task<WebApplication> BuildAsync(ServerOptions options, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(options.Urls);
        // A search's page token carries the last run's sort values whole (ADR 0035); ordered by a param of the longest value the
        // API takes (6,000 characters) its next-page URL is about 11 KB, past Kestrel's default 8 KB request line.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestLineSize = MaxRequestLineBytes);
        // Connection memory in 64 KB blocks: the socket transport reads a block per receive call, so a 1.2 MB body (read, or drained
        // after a refusal) takes about 20 calls instead of about 300 (docs/adr/0059).
        builder.Services.AddSingleton<IMemoryPoolFactory<byte>>(new LargeBlockMemoryPool.Factory());
        // Per-request Information logs from the framework would cost more than a prediction.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);

        var store = await MLCycleStore.OpenAsync(new StoreOptions { Address = options.StoreDirectory, ArtifactsDirectory = options.ArtifactsDirectory }, ct);
        // Factories (not instances) so the container disposes them, in reverse order: writer flushes before the store closes.
        builder.Services.AddSingleton(_ => store);
        builder.Services.AddSingleton(sp => new ModelCache(sp.GetRequiredService<MLCycleStore>().Registry, sp.GetRequiredService<MLCycleStore>().Artifacts));
        builder.Services.AddSingleton(sp => new PredictionLogWriter(sp.GetRequiredService<MLCycleStore>().Predictions, options.PredictionLog));
        builder.Services.AddSingleton(sp => new FeedbackRecorder(sp.GetRequiredService<MLCycleStore>().Registry, sp.GetRequiredService<MLCycleStore>().Predictions,
            sp.GetRequiredService<MLCycleStore>().Artifacts));
        builder.Services.AddSingleton(sp => new ServingMetrics(sp.GetRequiredService<PredictionLogWriter>(), sp.GetRequiredService<ModelCache>()));
        builder.Services.AddSingleton(_ => new CanarySampler(options.RouteSeed));
        // Created after (so disposed before) the log writer: shadow rows still queued are scored and logged before it flushes.
        builder.Services.AddSingleton(sp => new ShadowQueue(sp.GetRequiredService<PredictionLogWriter>(), sp.GetRequiredService<ServingMetrics>(), options.ShadowQueueCapacity));
        // Created after (so disposed before) the log writer, which it resolves first: answered requests' log rows still being built
        // are queued before the writer flushes (ADR 0073).
        builder.Services.AddSingleton(sp =>
        {
            sp.GetRequiredService<PredictionLogWriter>();
            return new LogRowBuilds(sp.GetRequiredService<ILogger<LogRowBuilds>>());
        });
        builder.Services.AddSingleton(sp => new AdmissionControl(options.Admission, sp.GetRequiredService<ServingMetrics>(), sp.GetRequiredService<PredictionLogWriter>()));
        builder.Services.AddSingleton(sp => new ApiAdmission(options.Admission, sp.GetRequiredService<ServingMetrics>()));
        // Stopping lets requests in flight finish (up to the drain timeout) before the services they use are disposed.
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = options.Admission.DrainTimeout);
        builder.Services.AddSingleton<ModelWarmup>().AddHostedService(sp => sp.GetRequiredService<ModelWarmup>());
        builder.Services.AddSingleton(new RunLease(options.RunLease));
        builder.Services.AddHostedService(sp => new RunLeaseSweeper(sp.GetRequiredService<MLCycleStore>(), sp.GetRequiredService<RunLease>(),
            sp.GetRequiredService<ILogger<RunLeaseSweeper>>()));
        if (options.AgentSpec is { } agentSpec)
        {
            var watched = AgentService.Load(agentSpec);
            builder.Services.AddHostedService(sp => new AgentService(sp.GetRequiredService<MLCycleStore>(), watched, options.Agent, sp.GetRequiredService<ILogger<AgentService>>()));
        }

        builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, ServerJsonContext.Default));
        // The tracking API's snake_case bodies, so the OpenAPI document describes them as they are sent.
        builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(1, TrackingJsonContext.Default));
        builder.Services.AddOpenApi(o => o.AddSchemaTransformer(TrackingSchemaNames.TransformAsync).AddOperationTransformer(RequestBodies.TransformAsync));
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<ProblemExceptionHandler>();
        AddAccess(builder.Services, options);
        builder.Services.AddDashboard();

        var app = builder.Build();
        app.Services.GetRequiredService<MLCycleStore>();
        app.Services.GetRequiredService<ModelCache>();
        app.Services.GetRequiredService<PredictionLogWriter>();
        app.Services.GetRequiredService<ShadowQueue>();
        app.Services.GetRequiredService<LogRowBuilds>();

        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMiddleware<HostCheck>(options.AllowedHosts ?? AllowedHosts.For(options.Urls));
        // Before authentication: a flood of API or dashboard requests is turned away without a token check each.
        app.UseMiddleware<ApiAdmission>();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseMiddleware<AuditTrail>();

        app.MapHealthApi();
        app.MapModelsApi();
        app.MapRegistryApi();
        app.MapApprovalApi();
        app.MapPredictApi();
        app.MapFeedbackApi();
        app.MapInferenceProtocolApi();
        app.MapTrackingApi();
        app.MapAuditApi();
        // The API's description names routes and shapes, not data; readers get it like any other read.
        app.MapOpenApi().RequireAuthorization(Policies.Reader);
        app.MapDashboard();
        // Scrapers and load balancers carry no token: /metrics and /health are open by design.
        app.MapMetrics("/metrics", app.Services.GetRequiredService<ServingMetrics>().Registry).AllowAnonymous();
        return app;
    }

    /// <summary>Bearer tokens, the role policies of <see cref="Policies"/>, problem bodies for refusals and the audit trail.</summary>
    private static void AddAccess(IServiceCollection services, ServerOptions options)
    {
        services.AddSingleton(sp => new TokenVerifier(sp.GetRequiredService<MLCycleStore>().Users));
        services.AddSingleton<FailedTokenThrottle>();
        services.AddAuthentication(BearerTokenHandler.SchemeName).AddScheme<AuthenticationSchemeOptions, BearerTokenHandler>(BearerTokenHandler.SchemeName, null);
        services.AddAuthorization(o => Policies.Add(o, options.RequireToken ?? !AllowedHosts.OnlyLoopback(options.Urls)));
        services.AddSingleton<IAuthorizationHandler, RoleAuthorizationHandler>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, ProblemAuthorizationResultHandler>();
    }
}
