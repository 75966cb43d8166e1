using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace MLCycle.Monitoring.Alerts;

/// <summary>
/// Posts alerts as JSON to webhooks the allow-list accepts, with bounded retries and exponential back-off: network failures, timeouts,
/// 408, 429 and 5xx are retried; any other answer (redirects included, which are never followed) is final. The connection itself goes
/// only to addresses checked at connect time, so a host that re-resolves to a private address between check and request is refused.
/// </summary>
public sealed class WebhookSender : IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        // A metric of a window can be NaN (AUC of one class); the alert still goes out.
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    private readonly WebhookAllowList _allowList;
    private readonly WebhookOptions _options;
    private readonly HttpClient _client;

    public WebhookSender(WebhookAllowList allowList, WebhookOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(allowList);
        _allowList = allowList;
        _options = options ?? new WebhookOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.Attempts, 1);
        var handler = new SocketsHttpHandler { AllowAutoRedirect = false, UseProxy = false, ConnectCallback = ConnectAsync };
        _client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>The alert as the webhook receives it.</summary>
    public static string Serialize(Alert alert) => JsonSerializer.Serialize(alert, Json);

    public async Task<AlertDelivery> SendAsync(Uri webhook, Alert alert, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(webhook);
        ArgumentNullException.ThrowIfNull(alert);
        if (await _allowList.RefusalAsync(webhook, ct).ConfigureAwait(false) is { } refusal)
            return new AlertDelivery(webhook, alert.Kind, false, 0, null, refusal);
        var body = Serialize(alert);
        int? status = null;
        string? error = null;
        for (var attempt = 1; ; attempt++)
        {
            TimeSpan? retryAfter = null;
            bool retry;
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(_options.Timeout);
            try
            {
                using var content = new StringContent(body, Encoding.UTF8, "application/json");
                using var response = await _client.PostAsync(webhook, content, timeout.Token).ConfigureAwait(false);
                status = (int)response.StatusCode;
                if (response.IsSuccessStatusCode) return new AlertDelivery(webhook, alert.Kind, true, attempt, status, null);
                retry = status is 408 or 429 or >= 500;
                retryAfter = RetryAfter(response.Headers.RetryAfter);
                error = status is >= 300 and < 400 ? $"answered {status} (redirects are not followed)" : $"answered {status} {response.ReasonPhrase}";
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                (retry, error) = (true, $"no answer within {_options.Timeout.TotalSeconds:0.#} s");
            }
            catch (HttpRequestException e)
            {
                retry = e.InnerException is not RefusedAddressException;
                error = e.InnerException?.Message ?? e.Message;
            }
            if (!retry || attempt == _options.Attempts) return new AlertDelivery(webhook, alert.Kind, false, attempt, status, error);
            var delay = _options.FirstDelay * Math.Pow(2, attempt - 1);
            if (retryAfter > delay) delay = retryAfter.Value;
            await Task.Delay(delay > _options.MaxDelay ? _options.MaxDelay : delay, ct).ConfigureAwait(false);
        }
    }

    public void Dispose() => _client.Dispose();

    private static TimeSpan? RetryAfter(RetryConditionHeaderValue? header) =>
        header?.Delta ?? (header?.Date is { } date ? date - DateTimeOffset.UtcNow : null);

    // Resolved again at connect time and checked address by address, then connected to exactly those addresses.
    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken ct)
    {
        var addresses = await _allowList.ResolveAsync(context.DnsEndPoint.Host, ct).ConfigureAwait(false);
        if (_allowList.Forbidden(addresses) is { } forbidden)
            throw new RefusedAddressException($"host '{context.DnsEndPoint.Host}' resolves to {forbidden}, a loopback, private or link-local address; allow it with --allow-private-webhooks");
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, ct).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private sealed class RefusedAddressException(string message) : IOException(message);
}
