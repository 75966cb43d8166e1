using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using MLCycle.Client.Json;

namespace MLCycle.Client;

// The audit half of the client (/api/v1/audit): global admins only; anyone else gets a 403, which the server logs.
public sealed partial class MLCycleClient
{
    /// <summary>One page of the audit log, newest first, of the lines written at or after <paramref name="since"/> (all when null).</summary>
    public async Task<ResultPage<AuditEntryInfo>> GetAuditPageAsync(DateTimeOffset? since = null, int pageSize = 100, string? pageToken = null,
        CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        var query = new StringBuilder("api/v1/audit?max_results=").Append(pageSize.ToString(CultureInfo.InvariantCulture));
        if (since is { } from) query.Append("&since=").Append(Uri.EscapeDataString(from.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture)));
        if (pageToken is not null) query.Append("&page_token=").Append(Uri.EscapeDataString(pageToken));
        var page = await api.SendAsync(HttpMethod.Get, query.ToString(), null, AuditWireContext.Default.PageWireAuditEntryInfo, ct).ConfigureAwait(false);
        return new ResultPage<AuditEntryInfo>(page.Items, page.NextPageToken);
    }

    /// <summary>Every audit line written at or after <paramref name="since"/>, newest first, fetched a page at a time as the
    /// enumeration goes on (see <see cref="GetAuditPageAsync"/>).</summary>
    public async IAsyncEnumerable<AuditEntryInfo> ReadAuditAsync(DateTimeOffset? since = null, int pageSize = 100,
        [EnumeratorCancellation] CancellationToken ct = default)
    {
        string? token = null;
        do
        {
            var page = await GetAuditPageAsync(since, pageSize, token, ct).ConfigureAwait(false);
            foreach (var entry in page.Items) yield return entry;
            token = page.NextPageToken;
        }
        while (token is not null);
    }
}
