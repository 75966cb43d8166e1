using System.Globalization;
using System.Text;
using MLCycle.Client.Json;

namespace MLCycle.Client;

// The registry half of the client: models, versions, alias history, four-eyes promotion and rollback (/api/v1/models, /api/v1/approval-requests).
public sealed partial class MLCycleClient
{
    /// <summary>Every registered model the token may read, with its newest version and aliases, by name.</summary>
    public async Task<IReadOnlyList<ModelInfo>> ListModelsAsync(CancellationToken ct = default)
    {
        var models = new List<ModelInfo>();
        string? token = null;
        do
        {
            var path = "api/v1/models?max_results=1000" + (token is null ? "" : "&page_token=" + Uri.EscapeDataString(token));
            var page = await api.SendAsync(HttpMethod.Get, path, null, RegistryWireContext.Default.PageWireModelInfo, ct).ConfigureAwait(false);
            models.AddRange(page.Items);
            token = page.NextPageToken;
        }
        while (token is not null);
        return models;
    }

    /// <summary>A model with every version and whether each alias is protected.</summary>
    public async Task<ModelDetail> GetModelAsync(string name, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var detail = await api.SendAsync(HttpMethod.Get, $"api/v1/models/{Escape(name)}", null, RegistryWireContext.Default.ModelDetailWire, ct).ConfigureAwait(false);
        var versions = new List<ModelVersionInfo>();
        string? token = null;
        do
        {
            var path = $"api/v1/models/{Escape(name)}/versions?max_results=1000" + (token is null ? "" : "&page_token=" + Uri.EscapeDataString(token));
            var page = await api.SendAsync(HttpMethod.Get, path, null, RegistryWireContext.Default.PageWireModelVersionInfo, ct).ConfigureAwait(false);
            versions.AddRange(page.Items);
            token = page.NextPageToken;
        }
        while (token is not null);
        return new ModelDetail(detail.Model, versions, detail.Protected ?? []);
    }

    /// <summary>Registers the package run <paramref name="runId"/> uploaded under model/ as the next version of <paramref name="name"/>
    /// (refused with 409 if it is not <paramref name="expectedVersion"/> when given, or if the run already has a version); the server
    /// checks the package first (422 naming the file) and moves no alias.</summary>
    public Task<ModelVersionInfo> RegisterVersionAsync(string name, string runId, int? expectedVersion = null, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(runId);
        var body = ApiTransport.Json(new RegisterVersionWire(runId, expectedVersion), RegistryWireContext.Default.RegisterVersionWire);
        return api.SendAsync(HttpMethod.Post, $"api/v1/models/{Escape(name)}/versions", body, RegistryWireContext.Default.ModelVersionInfo, ct);
    }

    /// <summary>Points an unprotected <paramref name="alias"/> at <paramref name="version"/> (approver on the model); a protected one
    /// is refused with 409 and moves only through <see cref="RequestPromotionAsync"/>.</summary>
    public Task<AliasChangeInfo> SetAliasAsync(string name, string alias, int version, string reason, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(alias);
        var body = ApiTransport.Json(new MoveAliasWire(version, reason), RegistryWireContext.Default.MoveAliasWire);
        return api.SendAsync(HttpMethod.Put, $"api/v1/models/{Escape(name)}/aliases/{Escape(alias)}", body, RegistryWireContext.Default.AliasChangeInfo, ct);
    }

    /// <summary>Every move of <paramref name="alias"/> on model <paramref name="name"/>, oldest first.</summary>
    public async Task<IReadOnlyList<AliasChangeInfo>> GetAliasHistoryAsync(string name, string alias, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(alias);
        return await api.SendAsync(HttpMethod.Get, $"api/v1/models/{Escape(name)}/aliases/{Escape(alias)}/history", null,
            RegistryWireContext.Default.ListAliasChangeInfo, ct).ConfigureAwait(false);
    }

    /// <summary>The shadow and canary routes of model <paramref name="name"/>; empty when it has none.</summary>
    public async Task<IReadOnlyList<ModelRouteInfo>> GetRoutesAsync(string name, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return await api.SendAsync(HttpMethod.Get, $"api/v1/models/{Escape(name)}/routes", null, RegistryWireContext.Default.ListModelRouteInfo, ct).ConfigureAwait(false);
    }

    /// <summary>Files a request that another approver move <paramref name="alias"/> to <paramref name="version"/>; it waits
    /// <paramref name="expiresIn"/> (30m, 12h, 7d; the server's default is 7d).</summary>
    public Task<ApprovalRequestInfo> RequestPromotionAsync(string name, int version, string reason, string alias = "champion", string? expiresIn = null,
        CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        var body = ApiTransport.Json(new PromotionWire(version, alias, reason, expiresIn), RegistryWireContext.Default.PromotionWire);
        return api.SendAsync(HttpMethod.Post, $"api/v1/models/{Escape(name)}/approval-requests", body, RegistryWireContext.Default.ApprovalRequestInfo, ct);
    }

    /// <summary>One page of approval requests, newest first: of one model or, with <paramref name="model"/> null, of every model
    /// the token may read; only those in <paramref name="state"/> when given.</summary>
    public async Task<ResultPage<ApprovalRequestInfo>> ListApprovalRequestsAsync(string? model = null, ApprovalState? state = null, int pageSize = 100,
        string? pageToken = null, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        var path = new StringBuilder(model is null ? "api/v1/approval-requests" : $"api/v1/models/{Escape(model)}/approval-requests")
            .Append("?max_results=").Append(pageSize.ToString(CultureInfo.InvariantCulture));
        if (state is { } s) path.Append("&state=").Append(s.ToString().ToLowerInvariant());
        if (pageToken is not null) path.Append("&page_token=").Append(Uri.EscapeDataString(pageToken));
        var page = await api.SendAsync(HttpMethod.Get, path.ToString(), null, RegistryWireContext.Default.PageWireApprovalRequestInfo, ct).ConfigureAwait(false);
        return new ResultPage<ApprovalRequestInfo>(page.Items, page.NextPageToken);
    }

    /// <summary>One approval request by number.</summary>
    public Task<ApprovalRequestInfo> GetApprovalRequestAsync(long id, CancellationToken ct = default) =>
        api.SendAsync(HttpMethod.Get, $"api/v1/approval-requests/{id.ToString(CultureInfo.InvariantCulture)}", null, RegistryWireContext.Default.ApprovalRequestInfo, ct);

    /// <summary>Approves another user's request: the alias moves at once.</summary>
    public Task<ApprovalRequestInfo> ApproveAsync(long id, string reason, CancellationToken ct = default) => DecideAsync(id, "approve", reason, ct);

    /// <summary>Rejects a request: the alias stays.</summary>
    public Task<ApprovalRequestInfo> RejectAsync(long id, string reason, CancellationToken ct = default) => DecideAsync(id, "reject", reason, ct);

    /// <summary>Points <paramref name="alias"/> back at the version it served before.</summary>
    public Task<AliasChangeInfo> RollbackAsync(string name, string alias = "champion", CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var body = ApiTransport.Json(new AliasWire(alias), RegistryWireContext.Default.AliasWire);
        return api.SendAsync(HttpMethod.Post, $"api/v1/models/{Escape(name)}/rollback", body, RegistryWireContext.Default.AliasChangeInfo, ct);
    }

    private Task<ApprovalRequestInfo> DecideAsync(long id, string decision, string reason, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        var body = ApiTransport.Json(new ReasonWire(reason), RegistryWireContext.Default.ReasonWire);
        return api.SendAsync(HttpMethod.Post, $"api/v1/approval-requests/{id.ToString(CultureInfo.InvariantCulture)}/{decision}", body,
            RegistryWireContext.Default.ApprovalRequestInfo, ct);
    }
}
