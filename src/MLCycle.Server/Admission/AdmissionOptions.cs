namespace MLCycle.Server.Admission;

/// <summary>How much prediction work, and apart from it how many API and dashboard requests, the server takes on at once; past it,
/// requests are refused at once with 429 and Retry-After instead of queueing without bound (docs/adr/0027-admission-control.md
/// and docs/adr/0039-api-admission.md explain the defaults).</summary>
public sealed record AdmissionOptions
{
    /// <summary>Prediction requests (v1 predict, v2 infer) in flight at once, counted from before their body is read.</summary>
    public int MaxConcurrency { get; init; } = DefaultMaxConcurrency(Environment.ProcessorCount);

    /// <summary>Rows of admitted requests not yet answered; a request whose rows do not fit the free budget is refused.</summary>
    public int MaxQueuedRows { get; init; } = DefaultMaxQueuedRows(Environment.ProcessorCount);

    /// <summary>How long the rows of large admitted requests may take to be answered, at the rate the server measures itself answering
    /// rows: while a large request is in progress, another is admitted only if the rows queued fit in this time (docs/adr/0053). A large
    /// request alone is always admitted. Zero turns the objective off, leaving <see cref="MaxQueuedRows"/> alone to bound the queue.</summary>
    public TimeSpan MaxQueueLatency { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>The share (0 to 1) of the prediction log's memory budget (<see cref="Monitoring.PredictionLogWriterOptions.MaxQueuedBytes"/>)
    /// that may wait to be written before large prediction requests are refused with 429 (docs/adr/0060): past it the server takes rows
    /// faster than its store writes them, and admitting more would end in dropped log rows. 1 turns this off (rows past the budget are
    /// dropped and counted).</summary>
    public double MaxLogBacklog { get; init; } = 0.25;

    /// <summary>REST API (/api/v1) and dashboard requests in flight at once, counted apart from predictions so that a flood of
    /// searches is refused before it can slow scoring down.</summary>
    public int MaxApiConcurrency { get; init; } = DefaultMaxApiConcurrency(Environment.ProcessorCount);

    /// <summary>The slowest an admitted request (API or prediction) may send its body (after a 5 s grace) before it is cut with 408, so
    /// a client trickling a body cannot hold a slot for long: 64 KB/s reads a 4 MB JSON body in about a minute.</summary>
    public double MinBodyBytesPerSecond { get; init; } = 64 * 1024;

    /// <summary>What Retry-After tells a refused client.</summary>
    public TimeSpan RetryAfter { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a stopping server lets requests in flight finish before it cuts them.</summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>16 requests per core: the serving benchmark's 16 concurrent single-row clients are never refused (docs/adr/0027).</summary>
    public static int DefaultMaxConcurrency(int cores) => 16 * Math.Max(1, cores);

    /// <summary>8 requests per core: API calls wait on the store rather than the CPU, and more at once would only queue on its
    /// connections while holding threads and memory that predictions need.</summary>
    public static int DefaultMaxApiConcurrency(int cores) => 8 * Math.Max(1, cores);

    /// <summary>10,000 rows per core: one full-size request per core; admitting more only makes each wait longer (docs/adr/0027).</summary>
    public static int DefaultMaxQueuedRows(int cores) => 10_000 * Math.Max(1, cores);
}
