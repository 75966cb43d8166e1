using MLCycle.Data;
using MLCycle.Serving;

namespace MLCycle.Monitoring;

/// <summary>
/// Splits each batch by the time window of its rows and counts every share in that window's own accumulator; memory grows
/// with the number of windows (capped at <see cref="MonitorWindow.MaxWindows"/>), not with the rows.
/// </summary>
internal sealed class WindowedDrift(DriftAccumulator template, MonitorWindow window, string source)
{
    private readonly SortedDictionary<long, DriftAccumulator> _windows = [];

    /// <summary>Rows whose time is missing or unreadable: counted in the overall drift, in no window.</summary>
    public long UntimedRows { get; private set; }

    public void Add(Table batch, IReadOnlyList<Prediction?> predictions)
    {
        var times = batch[window.TimeColumn!].Numbers!;
        var seconds = window.Length.TotalSeconds;
        var rowsByWindow = new Dictionary<long, List<int>>();
        for (var r = 0; r < times.Length; r++)
        {
            if (double.IsNaN(times[r]))
            {
                UntimedRows++;
                continue;
            }
            var key = (long)Math.Floor(times[r] / seconds);
            if (!rowsByWindow.TryGetValue(key, out var rows)) rowsByWindow[key] = rows = [];
            rows.Add(r);
        }
        foreach (var (key, rows) in rowsByWindow)
        {
            if (!_windows.TryGetValue(key, out var accumulator))
            {
                if (_windows.Count == MonitorWindow.MaxWindows)
                {
                    throw new MLCycleException(ErrorKind.BadSpec,
                        $"'{source}' spans more than {MonitorWindow.MaxWindows:N0} windows of {window.Length} in column '{window.TimeColumn}'; give a longer --window.");
                }
                _windows[key] = accumulator = template.Empty();
            }
            var share = new Table(batch.Columns.Select(c => c.Take(rows)).ToList());
            accumulator.Add(share, rows.Select(r => predictions[r]).Where(p => p is not null).Select(p => p!).ToList());
        }
    }

    /// <summary>The windows that saw rows, oldest first.</summary>
    public IReadOnlyList<DriftWindow> Reports() =>
        _windows.Select(w =>
        {
            var start = DateTimeOffset.UnixEpoch + window.Length * w.Key;
            return new DriftWindow(start, start + window.Length, w.Value.Rows, w.Value.Report());
        }).ToList();
}
