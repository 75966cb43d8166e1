using System.Globalization;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;
using MLCycle.Client.Json;

namespace MLCycle.Client;

/// <summary>Talks to an MLCycle server's REST API: start runs and log to them from your own code, search runs, upload artifacts,
/// and read and move the registry's aliases through approval requests. Every refusal is an <see cref="MLCycleApiException"/>.</summary>
public sealed partial class MLCycleClient : IDisposable
{
    /// <summary>The environment variable the token is read from when none is given.</summary>
    public const string TokenVariable = "MLCYCLE_TOKEN";

    private readonly HttpClient http;
    private readonly bool ownsHttp;
    private readonly ApiTransport api;

    /// <summary>A client of the server at <paramref name="server"/> (e.g. http://127.0.0.1:5080), sending <paramref name="token"/>
    /// (default: the MLCYCLE_TOKEN environment variable) as a Bearer token, over <paramref name="http"/> or its own HttpClient.</summary>
    public MLCycleClient(Uri server, string? token = null, HttpClient? http = null)
    {
        ArgumentNullException.ThrowIfNull(server);
        if (!server.IsAbsoluteUri || server.Scheme is not ("http" or "https"))
        {
            throw new ArgumentException($"The server address must be an absolute http or https URL such as http://127.0.0.1:5080; found '{server}'.", nameof(server));
        }
        // A trailing slash keeps a path prefix (https://host/mlcycle/) when the API's relative paths are joined to it.
        Server = server.AbsoluteUri.EndsWith('/') ? server : new Uri(server.AbsoluteUri + "/");
        Token = token ?? Environment.GetEnvironmentVariable(TokenVariable)?.Trim();
        ownsHttp = http is null;
        this.http = http ?? new HttpClient();
        api = new ApiTransport(Server, Token, this.http);
    }

    /// <summary>The server's address.</summary>
    public Uri Server { get; }

    /// <summary>The API token sent with every request; null sends none.</summary>
    internal string? Token { get; }

    /// <summary>Creates a run in <paramref name="experiment"/> (made if new) and returns it, ready to log to.</summary>
    public ActiveRun StartRun(string experiment, string? name = null, IReadOnlyDictionary<string, string>? tags = null)
    {
        var created = api.Send(HttpMethod.Post, "api/v1/runs", CreateBody(experiment, name, tags), TrackingWireContext.Default.CreatedRunWire, CancellationToken.None);
        return new ActiveRun(this, created.RunId, Lease(created));
    }

    /// <summary>Creates a run in <paramref name="experiment"/> (made if new) and returns it, ready to log to.</summary>
    public async Task<ActiveRun> StartRunAsync(string experiment, string? name = null, IReadOnlyDictionary<string, string>? tags = null, CancellationToken ct = default)
    {
        var created = await api.SendAsync(HttpMethod.Post, "api/v1/runs", CreateBody(experiment, name, tags), TrackingWireContext.Default.CreatedRunWire, ct).ConfigureAwait(false);
        return new ActiveRun(this, created.RunId, Lease(created));
    }

    /// <summary>One run by id (a unique prefix is enough).</summary>
    public async Task<RunInfo> GetRunAsync(string runId, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(runId);
        var run = await api.SendAsync(HttpMethod.Get, $"api/v1/runs/{Escape(runId)}", null, TrackingWireContext.Default.RunWire, ct).ConfigureAwait(false);
        return run.ToRunInfo();
    }

    /// <summary>One page of runs, newest first unless <paramref name="orderBy"/> says otherwise; <paramref name="filter"/> is the
    /// server's search syntax, e.g. <c>metrics.auc &gt; 0.8 and params.algorithm = 'lightgbm'</c>.</summary>
    public async Task<ResultPage<RunInfo>> GetRunsPageAsync(string? experiment = null, string? filter = null, IEnumerable<string>? orderBy = null,
        int pageSize = 100, string? pageToken = null, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        var query = new StringBuilder("api/v1/runs?max_results=").Append(pageSize.ToString(CultureInfo.InvariantCulture));
        if (experiment is not null) query.Append("&experiment=").Append(Uri.EscapeDataString(experiment));
        if (filter is not null) query.Append("&filter=").Append(Uri.EscapeDataString(filter));
        foreach (var order in orderBy ?? []) query.Append("&order_by=").Append(Uri.EscapeDataString(order));
        if (pageToken is not null) query.Append("&page_token=").Append(Uri.EscapeDataString(pageToken));
        var page = await api.SendAsync(HttpMethod.Get, query.ToString(), null, TrackingWireContext.Default.RunPageWire, ct).ConfigureAwait(false);
        return new ResultPage<RunInfo>([.. page.Runs.Select(r => r.ToRunInfo())], page.NextPageToken);
    }

    /// <summary>Every run that matches, fetched a page at a time as the enumeration goes on (see <see cref="GetRunsPageAsync"/>).</summary>
    public async IAsyncEnumerable<RunInfo> SearchRunsAsync(string? experiment = null, string? filter = null, IEnumerable<string>? orderBy = null,
        int pageSize = 100, [EnumeratorCancellation] CancellationToken ct = default)
    {
        var order = orderBy?.ToList();
        string? token = null;
        do
        {
            var page = await GetRunsPageAsync(experiment, filter, order, pageSize, token, ct).ConfigureAwait(false);
            foreach (var run in page.Items) yield return run;
            token = page.NextPageToken;
        }
        while (token is not null);
    }

    /// <summary>A run's child runs (a search's trials, tagged mlflow.parentRunId with its id), oldest first.</summary>
    public async Task<IReadOnlyList<RunInfo>> GetChildRunsAsync(string runId, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(runId);
        var page = await api.SendAsync(HttpMethod.Get, $"api/v1/runs/{Escape(runId)}/children", null, TrackingWireContext.Default.RunPageWire, ct).ConfigureAwait(false);
        return [.. page.Runs.Select(r => r.ToRunInfo())];
    }

    /// <summary>The files among a run's artifacts.</summary>
    public async Task<IReadOnlyList<ArtifactFile>> ListArtifactsAsync(string runId, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(runId);
        var list = await api.SendAsync(HttpMethod.Get, $"api/v1/runs/{Escape(runId)}/artifacts", null, TrackingWireContext.Default.ArtifactListWire, ct).ConfigureAwait(false);
        return list.Files;
    }

    /// <summary>Uploads <paramref name="localFile"/> as the run's artifact at <paramref name="artifactPath"/> (e.g. plots/roc.png), streamed.</summary>
    public async Task<ArtifactFile> UploadArtifactAsync(string runId, string localFile, string artifactPath, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(runId);
        ArgumentException.ThrowIfNullOrWhiteSpace(artifactPath);
        if (!File.Exists(localFile)) throw new FileNotFoundException($"No file '{localFile}' to upload as artifact '{artifactPath}'.", localFile);
        await using var file = File.OpenRead(localFile);
        using var content = new StreamContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        var path = $"api/v1/runs/{Escape(runId)}/artifacts/upload?path={Uri.EscapeDataString(artifactPath)}";
        return await api.SendAsync(HttpMethod.Put, path, content, TrackingWireContext.Default.ArtifactFile, ct).ConfigureAwait(false);
    }

    /// <summary>Downloads the run's artifact at <paramref name="artifactPath"/> to <paramref name="localFile"/> (replaced if present).</summary>
    public async Task DownloadArtifactAsync(string runId, string artifactPath, string localFile, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(runId);
        ArgumentException.ThrowIfNullOrWhiteSpace(artifactPath);
        ArgumentException.ThrowIfNullOrWhiteSpace(localFile);
        var path = $"api/v1/runs/{Escape(runId)}/artifacts/download?path={Uri.EscapeDataString(artifactPath)}";
        using var response = await api.SendAsync(HttpMethod.Get, path, null, ct).ConfigureAwait(false);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(localFile))!);
        await using var file = new FileStream(localFile, FileMode.Create, FileAccess.Write, FileShare.None, 81920, useAsync: true);
        await response.Content.CopyToAsync(file, ct).ConfigureAwait(false);
    }

    /// <summary>Disposes the HttpClient if the client made it.</summary>
    public void Dispose()
    {
        if (ownsHttp) http.Dispose();
    }

    internal void LogBatch(string runId, LogBatchWire batch) =>
        api.Send(HttpMethod.Post, $"api/v1/runs/{Escape(runId)}/log-batch", ApiTransport.Json(batch, TrackingWireContext.Default.LogBatchWire), CancellationToken.None).Dispose();

    internal async Task LogBatchAsync(string runId, LogBatchWire batch, CancellationToken ct)
    {
        using var response = await api.SendAsync(HttpMethod.Post, $"api/v1/runs/{Escape(runId)}/log-batch",
            ApiTransport.Json(batch, TrackingWireContext.Default.LogBatchWire), ct).ConfigureAwait(false);
    }

    internal RunInfo EndRun(string runId, RunStatus status, string? error) =>
        api.Send(HttpMethod.Post, $"api/v1/runs/{Escape(runId)}/end", EndBody(status, error), TrackingWireContext.Default.RunWire, CancellationToken.None).ToRunInfo();

    /// <summary>Ends a run by id as Finished, Failed or Killed with an optional reason, e.g. one whose logging process died; a run that
    /// already ended is a 409 <see cref="MLCycleApiException"/>. A run being logged to is ended through its <see cref="ActiveRun"/>.</summary>
    public async Task<RunInfo> EndRunAsync(string runId, RunStatus status, string? error, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(runId);
        var run = await api.SendAsync(HttpMethod.Post, $"api/v1/runs/{Escape(runId)}/end", EndBody(status, error), TrackingWireContext.Default.RunWire, ct).ConfigureAwait(false);
        return run.ToRunInfo();
    }

    /// <summary>Renews the lease of a Running run (POST /api/v1/runs/{id}/heartbeat), for a run logged to without an <see cref="ActiveRun"/>,
    /// which sends these itself. A run the server already ended, for want of a heartbeat or otherwise, is a 409
    /// <see cref="MLCycleApiException"/> whose detail says when and why.</summary>
    public async Task HeartbeatAsync(string runId, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(runId);
        using var response = await api.SendAsync(HttpMethod.Post, $"api/v1/runs/{Escape(runId)}/heartbeat", null, ct).ConfigureAwait(false);
    }

    // A server older than leases names none, and its runs need no heartbeat.
    private static TimeSpan? Lease(CreatedRunWire created) => created.LeaseMs is { } ms && ms > 0 ? TimeSpan.FromMilliseconds(ms) : null;

    private static HttpContent CreateBody(string experiment, string? name, IReadOnlyDictionary<string, string>? tags)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(experiment);
        var wire = new CreateRunWire(experiment, name, tags?.Select(t => new KeyValueWire(t.Key, t.Value)).ToList());
        return ApiTransport.Json(wire, TrackingWireContext.Default.CreateRunWire);
    }

    private static HttpContent EndBody(RunStatus status, string? error)
    {
        if (status == RunStatus.Running) throw new ArgumentOutOfRangeException(nameof(status), status, "A run ends as Finished, Failed or Killed.");
        return ApiTransport.Json(new EndRunWire(status.ToString(), error), TrackingWireContext.Default.EndRunWire);
    }

    private static string Escape(string segment) => Uri.EscapeDataString(segment);
}
