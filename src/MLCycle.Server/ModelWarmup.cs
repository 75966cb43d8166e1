using Microsoft.Extensions.Hosting;
using MLCycle.Serving;
using MLCycle.Storage;

namespace MLCycle.Server;

/// <summary>Loads the model each registered name serves (its champion, else its latest version, and its route targets) when the server starts, so the first
/// request does not pay the load and /v2/health/ready can say when serving is ready. A model that cannot load is logged, not fatal:
/// its requests answer with the reason, as they would without the warm-up.</summary>
internal sealed class ModelWarmup(MLCycleStore store, ModelCache cache, ILogger<ModelWarmup> logger) : BackgroundService
{
    private volatile bool ready;

    /// <summary>Whether every registered model has been tried once.</summary>
    public bool IsReady => ready;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        IReadOnlyList<Registry.RegisteredModel> models;
        try
        {
            models = await store.Registry.ListModelsAsync(stoppingToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A failed background service would stop the host; a store that cannot list its models leaves the server not ready.
            logger.LogError(e, "The registered models could not be listed; the server stays not ready");
            return;
        }
        foreach (var model in models)
        {
            try
            {
                await cache.GetRoutedAsync(model.Name, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning("Model '{Model}' is not loaded at start: {Reason}", model.Name, e.Message);
            }
        }
        ready = true;
    }
}
