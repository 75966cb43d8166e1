namespace MLCycle.Reports;

/// <summary>The data profile's stylesheet: the run report's CSS plus the few rules for column cards, bar charts and the heat map.</summary>
internal static class ProfileStyle
{
    public const string Css = ReportStyle.Css + """
        .cards { display:grid; grid-template-columns:repeat(auto-fill, minmax(320px, 1fr)); gap:12px; }
        .card { border:1px solid var(--line); border-radius:6px; padding:10px 12px; min-width:0; }
        .card h3 { margin:0 0 6px; font-size:14px; overflow-wrap:anywhere; }
        .card dl.facts { font-size:12px; margin-bottom:6px; }
        .kind { color:var(--muted); font-weight:400; font-size:12px; margin-left:6px; }
        .tag { display:inline-block; padding:0 6px; margin:0 4px 4px 0; border-radius:8px; font-size:11px; background:#fef3c7; color:var(--warn); }
        .tag.bad { background:#fee2e2; color:var(--bad); }
        td.examples { font-size:12px; color:var(--muted); overflow-wrap:anywhere; }
        td.message { font-size:12px; }
        svg.chart { max-width:100%; height:auto; }
        svg.bars .label, svg.heat .label { font-size:11px; fill:var(--ink); }
        svg.bars .value { font-size:11px; fill:var(--muted); }
        svg.bars .under { fill:var(--warn); fill-opacity:.8; }
        svg.bars .threshold { stroke:var(--bad); stroke-dasharray:4 3; }
        svg.heat .pos { fill:var(--accent); }
        svg.heat .neg { fill:var(--bad); }
        svg.heat .diag { fill:#e4e7eb; }
        svg.heat .none { fill:#f5f7fa; }
        .legend span { display:inline-block; width:12px; height:12px; vertical-align:middle; margin:0 4px 0 12px; border-radius:2px; }
        .legend .pos { background:var(--accent); }
        .legend .neg { background:var(--bad); }
        """;
}
