using System.Collections.Concurrent;
using MLCycle.Registry;
using MLCycle.Tracking;

namespace MLCycle.Serving;

/// <summary>Loaded models keyed by (name, version), and the references that lead to them. An alias or bare-name reference is
/// re-resolved against the registry at most once per <see cref="AliasLifetime"/>, so moving an alias hot-swaps the served model
/// within that time without a database query per request; a name:version reference never changes once resolved.</summary>
public sealed class ModelCache : IDisposable
{
    private readonly IModelRegistry registry;
    private readonly ArtifactStore artifacts;
    private readonly ConcurrentDictionary<string, Resolution<CachedModel>> resolutions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Resolution<ServingRoute>> routes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Name, int Version), Lazy<Task<CachedModel>>> models = new();

    public ModelCache(IModelRegistry registry, ArtifactStore artifacts, TimeSpan? aliasLifetime = null)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(artifacts);
        this.registry = registry;
        this.artifacts = artifacts;
        AliasLifetime = aliasLifetime ?? TimeSpan.FromSeconds(1);
    }

    /// <summary>How long an alias or bare-name reference keeps pointing at the version it resolved to.</summary>
    public TimeSpan AliasLifetime { get; }

    /// <summary>The model a reference ("name", "name@alias", "name:version") names; throws <see cref="MLCycleException"/> for
    /// malformed text, <see cref="NotFoundException"/> for an unknown model, alias or version.</summary>
    public ValueTask<CachedModel> GetAsync(string reference, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(reference);
        if (resolutions.TryGetValue(reference, out var known))
        {
            // Only one caller refreshes an expired entry; the others keep serving the version it pointed at meanwhile.
            if (Environment.TickCount64 < known.ExpiresAt || !known.TryClaimRefresh())
            {
                return ValueTask.FromResult(known.Model);
            }
        }
        return new ValueTask<CachedModel>(ResolveAsync(reference, ct));
    }

    /// <summary>What a reference serves with its routes applied: a bare name gets the model's shadow and canary routes (re-read with the
    /// alias, at most once per <see cref="AliasLifetime"/>, so a route change reaches a running server within that time); "name@alias"
    /// and "name:version" bypass routes. Throws as <see cref="GetAsync"/> for the primary; a route target that fails is left out.</summary>
    public ValueTask<ServingRoute> GetRoutedAsync(string reference, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(reference);
        if (routes.TryGetValue(reference, out var known) && (Environment.TickCount64 < known.ExpiresAt || !known.TryClaimRefresh()))
        {
            return ValueTask.FromResult(known.Model);
        }
        return new ValueTask<ServingRoute>(ResolveRoutedAsync(reference, ct));
    }

    /// <summary>The loaded model of a registry version, loading and verifying its package on first use.</summary>
    public Task<CachedModel> LoadAsync(ModelVersion version)
    {
        ArgumentNullException.ThrowIfNull(version);
        var key = (version.Name, version.Version);
        var lazy = models.GetOrAdd(key, _ => new Lazy<Task<CachedModel>>(() => Task.Run(async () =>
            new CachedModel(version, await LoadedModel.LoadAsync(version, artifacts)))));
        return ForgetOnFailureAsync(key, lazy);
    }

    /// <summary>Forgets what the model's alias and bare-name references resolved to, so the next request re-reads the registry:
    /// a host that has just moved an alias serves the new version at once instead of within <see cref="AliasLifetime"/>.</summary>
    public void ForgetAliases(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        foreach (var reference in resolutions.Keys)
        {
            var parsed = ModelReference.Parse(reference);
            if (parsed.Name == name && parsed.Version is null) resolutions.TryRemove(reference, out _);
        }
        // A bare name is also cached with its routes, whose primary is the alias just moved.
        foreach (var reference in routes.Keys)
        {
            if (ModelReference.Parse(reference).Name == name) routes.TryRemove(reference, out _);
        }
    }

    /// <summary>Model versions loaded and ready to score.</summary>
    public int LoadedCount => models.Values.Count(lazy => lazy.IsValueCreated && lazy.Value.IsCompletedSuccessfully);

    public void Dispose()
    {
        foreach (var lazy in models.Values)
        {
            if (lazy.IsValueCreated && lazy.Value.IsCompletedSuccessfully)
            {
                lazy.Value.Result.Model.Dispose();
            }
        }
        models.Clear();
        resolutions.Clear();
        routes.Clear();
    }

    private async Task<CachedModel> ResolveAsync(string reference, CancellationToken ct)
    {
        try
        {
            var parsed = ModelReference.Parse(reference);
            var version = await registry.ResolveAsync(parsed, ct).ConfigureAwait(false);
            var model = await LoadAsync(version).ConfigureAwait(false);
            var expiresAt = parsed.Version is null ? Environment.TickCount64 + (long)AliasLifetime.TotalMilliseconds : long.MaxValue;
            // Only the canonical spelling is remembered, so clients cannot grow the cache with "churn:01", "churn:001", ...
            if (parsed.ToString() == reference)
            {
                resolutions[reference] = new Resolution<CachedModel>(model, expiresAt);
            }
            return model;
        }
        catch
        {
            // A reference that no longer resolves (alias deleted, package broken) must fail for every caller, not serve stale.
            resolutions.TryRemove(reference, out _);
            throw;
        }
    }

    private async Task<ServingRoute> ResolveRoutedAsync(string reference, CancellationToken ct)
    {
        try
        {
            var parsed = ModelReference.Parse(reference);
            var primary = await ResolveAsync(reference, ct).ConfigureAwait(false);
            var route = new ServingRoute(primary);
            if (parsed.Alias is null && parsed.Version is null)
            {
                foreach (var target in await registry.GetRoutesAsync(parsed.Name, ct).ConfigureAwait(false))
                {
                    route = await ApplyAsync(route, target, ct).ConfigureAwait(false);
                }
            }
            var expiresAt = parsed.Version is null ? Environment.TickCount64 + (long)AliasLifetime.TotalMilliseconds : long.MaxValue;
            if (parsed.ToString() == reference)
            {
                routes[reference] = new Resolution<ServingRoute>(route, expiresAt);
            }
            return route;
        }
        catch
        {
            routes.TryRemove(reference, out _);
            throw;
        }
    }

    private async Task<ServingRoute> ApplyAsync(ServingRoute route, ModelRoute target, CancellationToken ct)
    {
        CachedModel model;
        try
        {
            model = await LoadAsync(await registry.ResolveAsync(target.Target, ct).ConfigureAwait(false)).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A deleted alias or a broken package must not take the primary down: the route is left out and its reason kept.
            var reason = $"{target.Target}: {e.Message}";
            return target.Kind == RouteKind.Shadow ? route with { ShadowError = reason } : route with { CanaryError = reason };
        }
        // The champion may have moved onto the route's target since the route was set: it then answers alone.
        if (model.Version.Version == route.Primary.Version.Version) return route;
        return target.Kind == RouteKind.Shadow
            ? route with { Shadow = model }
            : route with { Canary = model, CanarySharePercent = target.SharePercent ?? 0 };
    }

    private async Task<CachedModel> ForgetOnFailureAsync((string, int) key, Lazy<Task<CachedModel>> lazy)
    {
        try
        {
            return await lazy.Value.ConfigureAwait(false);
        }
        catch
        {
            // A failed load is not cached, so a repaired package loads on the next request.
            models.TryRemove(KeyValuePair.Create(key, lazy));
            throw;
        }
    }

    private sealed class Resolution<T>(T model, long expiresAt)
    {
        private int refreshing;

        public T Model { get; } = model;
        public long ExpiresAt { get; } = expiresAt;

        public bool TryClaimRefresh() => Interlocked.Exchange(ref refreshing, 1) == 0;
    }
}
