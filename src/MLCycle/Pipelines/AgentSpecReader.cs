using MLCycle.Monitoring;
using MLCycle.Monitoring.Alerts;
using MLCycle.Yaml;
using YamlDotNet.RepresentationModel;

namespace MLCycle.Pipelines;

/// <summary>Reads what the agent acts on: <c>monitor.schedule</c>, <c>monitor.alerts</c> and the <c>retrain</c> section, each refused at its line when wrong.</summary>
internal static class AgentSpecReader
{
    private static readonly string[] AlertKeys = ["webhook", "on"];
    private static readonly string[] RetrainKeys = ["on", "promote", "data"];
    private static readonly Dictionary<string, AlertKind> AlertWords = new() { ["drift"] = AlertKind.Drift, ["performance"] = AlertKind.Performance, ["drops"] = AlertKind.Drops };
    private static readonly Dictionary<string, RetrainTrigger> TriggerWords = new()
    {
        ["drift"] = RetrainTrigger.Drift, ["performance"] = RetrainTrigger.Performance, ["schedule"] = RetrainTrigger.Schedule,
    };
    private static readonly Dictionary<string, RetrainPromotion> PromoteWords = new() { ["auto"] = RetrainPromotion.Auto, ["approval"] = RetrainPromotion.Approval };
    private static readonly Dictionary<string, RetrainData> DataWords = new() { ["outcomes"] = RetrainData.Outcomes, ["sources"] = RetrainData.Sources };

    /// <summary>A cron expression in UTC (five fields, or six with seconds first), checked by <see cref="MonitorSchedule"/>.</summary>
    public static string? ReadSchedule(SpecMapping monitor)
    {
        if (monitor.Text("schedule") is not { } raw) return null;
        var text = raw.Trim();
        try
        {
            return MonitorSchedule.Parse(text).Text;
        }
        catch (FormatException e)
        {
            throw monitor.Invalid("schedule", $"expected a cron expression of five fields (minute hour day month weekday, UTC), such as \"0 * * * *\", or six with seconds first; found '{NameRules.Show(text)}' ({e.Message.TrimEnd('.')}).");
        }
    }

    // alerts: [{ webhook: https://hooks.example/ml, on: [drift, performance] }]
    public static IReadOnlyList<AlertSpec> ReadAlerts(SpecMapping monitor)
    {
        if (monitor.ValueNode("alerts") is not { } node) return [];
        if (node is not YamlSequenceNode list || list.Children.Count == 0)
            throw monitor.Invalid("alerts", "expected a list of entries such as [{ webhook: https://hooks.example/ml }].");
        var alerts = new List<AlertSpec>();
        for (var i = 0; i < list.Children.Count; i++)
        {
            var key = $"{monitor.KeyPath("alerts")}[{i}]";
            if (list.Children[i] is not YamlMappingNode mapping)
                throw monitor.Fail(list.Children[i].Start, key, "expected a mapping with 'webhook:' (and optionally 'on: [drift, performance, drops]').");
            var entry = new SpecMapping(mapping, monitor.File, key);
            entry.RejectUnknownKeys(AlertKeys);
            var url = entry.RequiredText("webhook").Trim();
            if (!Uri.TryCreate(url, UriKind.Absolute, out var webhook) || webhook.Scheme is not ("http" or "https") || webhook.Host.Length == 0 || webhook.UserInfo.Length > 0)
                throw entry.Invalid("webhook", $"expected an http(s) address without credentials, such as https://hooks.example/ml; found '{NameRules.Show(url)}'.");
            alerts.Add(new AlertSpec(webhook, Words(entry, "on", AlertWords) ?? [AlertKind.Drift, AlertKind.Performance, AlertKind.Drops]));
        }
        return alerts;
    }

    // retrain: { on: [drift, performance, schedule], promote: auto | approval, data: outcomes | sources }
    public static RetrainSpec? ReadRetrain(SpecMapping? retrain)
    {
        if (retrain is null) return null;
        retrain.RejectUnknownKeys(RetrainKeys);
        var defaults = new RetrainSpec();
        return new RetrainSpec
        {
            On = Words(retrain, "on", TriggerWords) ?? defaults.On,
            Promote = retrain.Choice("promote", PromoteWords) ?? defaults.Promote,
            Data = retrain.Choice("data", DataWords) ?? defaults.Data,
        };
    }

    private static IReadOnlyList<T>? Words<T>(SpecMapping at, string key, Dictionary<string, T> allowed)
    {
        if (at.List(key) is not { } words) return null;
        if (words.Count == 0) throw at.Invalid(key, $"expected at least one of {string.Join(", ", allowed.Keys)}, found an empty list.");
        var chosen = new List<T>();
        foreach (var word in words)
        {
            if (!allowed.TryGetValue(word.Trim().ToLowerInvariant(), out var value))
                throw at.Invalid(key, $"expected a list of {string.Join(", ", allowed.Keys)}; found '{NameRules.Show(word)}'.");
            if (!chosen.Contains(value)) chosen.Add(value);
        }
        return chosen;
    }
}
