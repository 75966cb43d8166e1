namespace MLCycle.Reports;

/// <summary>The report's inline stylesheet; inline so the HTML file stands alone.</summary>
internal static class ReportStyle
{
    public const string Css = """
        :root { --ink:#1f2933; --muted:#616e7c; --line:#d9e2ec; --accent:#2563eb; --good:#15803d; --bad:#b91c1c; --warn:#b45309; }
        * { box-sizing: border-box; }
        body { margin:0; font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif; color:var(--ink); background:#f5f7fa; }
        main { max-width:1100px; margin:0 auto; padding:24px; }
        header h1 { margin:0 0 4px; font-size:24px; }
        .meta { color:var(--muted); margin:0; }
        section { background:#fff; border:1px solid var(--line); border-radius:8px; padding:16px 20px; margin:16px 0; }
        h2 { margin:0 0 12px; font-size:18px; }
        h3 { margin:16px 0 8px; font-size:15px; }
        table { border-collapse:collapse; width:100%; }
        th, td { text-align:left; padding:4px 8px; border-bottom:1px solid var(--line); vertical-align:middle; }
        th { font-weight:600; color:var(--muted); }
        td.num, th.num { text-align:right; font-variant-numeric:tabular-nums; white-space:nowrap; }
        tr.winner td { background:#eff6ff; font-weight:600; }
        dl.facts { display:grid; grid-template-columns:max-content 1fr; gap:4px 16px; margin:0; }
        dl.facts dt { color:var(--muted); }
        dl.facts dd { margin:0; }
        .badge { display:inline-block; padding:1px 8px; border-radius:10px; font-weight:600; font-size:12px; color:#fff; }
        .badge.good, .badge.pass { background:var(--good); }
        .badge.overfitting, .badge.fail { background:var(--bad); }
        .badge.underfitting { background:var(--warn); }
        .better { color:var(--good); }
        .worse { color:var(--bad); }
        .charts { display:flex; flex-wrap:wrap; gap:16px; }
        svg.chart { background:#fff; }
        svg.chart .grid { stroke:#eef2f6; }
        svg.chart .frame { fill:none; stroke:var(--line); }
        svg.chart .tick, svg.chart .axis { font-size:10px; fill:var(--muted); }
        svg.chart .axis { font-size:11px; }
        svg.chart .curve { fill:none; stroke:var(--accent); stroke-width:2; }
        svg.chart .chance { fill:none; stroke:#9aa5b1; stroke-dasharray:4 3; }
        svg.chart .dots circle { fill:var(--accent); fill-opacity:.35; }
        svg.chart .bar { fill:var(--accent); fill-opacity:.7; }
        svg.chart .curve2 { fill:none; stroke:#d97706; stroke-width:2; }
        svg.chart .curve3 { fill:none; stroke:#059669; stroke-width:2; }
        svg.chart .marker { fill:none; stroke:#dc2626; stroke-width:1.5; stroke-dasharray:2 2; }
        svg.chart .legend { font-size:10px; }
        svg.chart .curve-label { fill:var(--accent); } svg.chart .curve2-label { fill:#d97706; } svg.chart .curve3-label { fill:#059669; }
        svg.spark rect { fill:var(--accent); fill-opacity:.7; }
        table.confusion { width:auto; }
        table.confusion td { text-align:center; min-width:56px; }
        .note { color:var(--muted); }
        """;
}
