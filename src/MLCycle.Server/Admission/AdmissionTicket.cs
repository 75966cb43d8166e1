namespace MLCycle.Server.Admission;

/// <summary>One admitted request's hold on the concurrency slots and row budget, given back once when its response is done.</summary>
internal sealed class AdmissionTicket(AdmissionControl control, HttpContext context) : IDisposable
{
    private int disposed;

    /// <summary>Rows this request reserved.</summary>
    public int Rows { get; set; }

    /// <summary>True once the request reserved rows as a large one (its rows count toward the latency objective).</summary>
    public bool Large { get; set; }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 0) control.Release(Rows, Large, answered: context.Response.StatusCode < StatusCodes.Status300MultipleChoices);
    }
}

/// <summary>Why a request was not admitted: the status (429 to retry later, 413 never fits) and the message.</summary>
internal sealed record AdmissionRefusal(int Status, string Detail);
