namespace MLCycle.Data.Sources;

/// <summary>
/// Downloads an HTTP(S) source to a temporary file owned by the DuckDB session (streamed, with a size cap and a
/// timeout), and tells its format from the content type, falling back to the address's extension.
/// </summary>
internal static class HttpDownloader
{
    private static readonly HttpClient Client = new() { Timeout = Timeout.InfiniteTimeSpan };

    public static bool Matches(string path) =>
        path.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || path.StartsWith("https://", StringComparison.OrdinalIgnoreCase);

    /// <summary>The downloaded file and the extension that names its format (e.g. <c>.csv</c>).</summary>
    public static (string File, string Extension) Download(string url, TableReadOptions options, DuckDbSession session, CancellationToken ct)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
            throw new MLCycleException(ErrorKind.BadSpec, $"'{url}' is not a valid HTTP(S) address.");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(options.DownloadTimeout);
        var file = Path.Combine(Path.GetTempPath(), "mlcycle-download-" + Guid.NewGuid().ToString("N"));
        session.DeleteOnDispose(file);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, uri);
            using var response = Client.Send(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            if (!response.IsSuccessStatusCode)
                throw new MLCycleException(ErrorKind.Unavailable, $"Downloading '{url}' failed: the server answered HTTP {(int)response.StatusCode} {response.ReasonPhrase}.");
            if (response.Content.Headers.ContentLength > options.MaxDownloadBytes) throw TooBig(url, options);
            using (var body = response.Content.ReadAsStream(timeout.Token))
            using (var output = File.Create(file))
                Copy(body, output, url, options, timeout.Token);
            return (file, Extension(url, response.Content.Headers.ContentType?.MediaType));
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new MLCycleException(ErrorKind.Unavailable, $"Downloading '{url}' took longer than {options.DownloadTimeout.TotalSeconds:0} seconds and was abandoned.");
        }
        catch (HttpRequestException e)
        {
            throw new MLCycleException(ErrorKind.Unavailable, $"Downloading '{url}' failed: {e.Message}", e);
        }
    }

    private static void Copy(Stream body, Stream output, string url, TableReadOptions options, CancellationToken ct)
    {
        var buffer = new byte[81920];
        long total = 0;
        int read;
        while ((read = body.Read(buffer)) > 0)
        {
            total += read;
            if (total > options.MaxDownloadBytes) throw TooBig(url, options);
            output.Write(buffer, 0, read);
            ct.ThrowIfCancellationRequested();
        }
    }

    private static MLCycleException TooBig(string url, TableReadOptions options) =>
        new(ErrorKind.BadData, $"'{url}' is larger than the download limit of {options.MaxDownloadBytes} bytes.");

    private static string Extension(string url, string? mediaType)
    {
        switch (mediaType?.ToLowerInvariant())
        {
            case "text/csv": return ".csv";
            case "text/tab-separated-values": return ".tsv";
            case "application/x-ndjson" or "application/jsonl" or "application/x-jsonlines": return ".jsonl";
            case "application/json": return ".json";
            case "application/vnd.apache.parquet" or "application/x-parquet": return ".parquet";
        }
        var extension = Path.GetExtension(new Uri(url).AbsolutePath).ToLowerInvariant();
        if (extension is ".csv" or ".tsv" or ".txt" or ".json" or ".jsonl" or ".ndjson" or ".parquet") return extension;
        throw new MLCycleException(ErrorKind.BadData,
            $"Cannot tell the format of '{url}': its content type is '{mediaType ?? "missing"}' and its address has no known extension; " +
            "expected text/csv, application/json, application/x-ndjson or an address ending in .csv, .json, .jsonl or .parquet.");
    }
}
