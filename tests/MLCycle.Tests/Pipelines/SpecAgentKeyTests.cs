using MLCycle.Monitoring.Alerts;
using MLCycle.Pipelines;

namespace MLCycle.Tests.Pipelines;

public sealed class SpecAgentKeyTests
{
    private const string File = "/specs/mlcycle.yaml";

    private const string Minimal = """
        name: churn
        data:
          path: telco_churn.csv
          target: churn

        """;

    [Fact]
    public void Parse_scheduleAlertsAndRetrain_readsEveryKey()
    {
        var spec = SpecLoader.Parse(Minimal + """
            monitor:
              schedule: "0 * * * *"
              alerts:
                - webhook: https://hooks.example/ml
                - { webhook: "http://127.0.0.1:9000/hook", on: [drift, drops] }
            retrain:
              on: [drift, schedule]
              promote: auto
              data: sources
            """, File);

        Assert.Equal("0 * * * *", spec.Monitor.Schedule);
        Assert.Equal(2, spec.Monitor.Alerts.Count);
        Assert.Equal(new Uri("https://hooks.example/ml"), spec.Monitor.Alerts[0].Webhook);
        Assert.Equal([AlertKind.Drift, AlertKind.Performance, AlertKind.Drops], spec.Monitor.Alerts[0].On);
        Assert.Equal([AlertKind.Drift, AlertKind.Drops], spec.Monitor.Alerts[1].On);
        var retrain = spec.Retrain!;
        Assert.Equal([RetrainTrigger.Drift, RetrainTrigger.Schedule], retrain.On);
        Assert.Equal((RetrainPromotion.Auto, RetrainData.Sources), (retrain.Promote, retrain.Data));
    }

    [Fact]
    public void Parse_retrainWithOnlyPromote_defaultsToDriftAndPerformanceOnOutcomesWithApproval()
    {
        var defaults = SpecLoader.Parse(Minimal + "retrain:\n  promote: approval\n", File).Retrain!;
        Assert.Equal([RetrainTrigger.Drift, RetrainTrigger.Performance], defaults.On);
        Assert.Equal((RetrainPromotion.Approval, RetrainData.Outcomes), (defaults.Promote, defaults.Data));
    }

    [Theory]
    [InlineData("monitor:\n  schedule: \"every hour\"\n", "line 6, 'monitor.schedule'", "cron expression")]
    [InlineData("monitor:\n  schedule: \"61 * * * *\"\n", "line 6, 'monitor.schedule'", "'61 * * * *'")]
    [InlineData("monitor:\n  alerts:\n    - webhook: ftp://hooks.example/x\n", "line 7, 'monitor.alerts[0].webhook'", "http(s) address")]
    [InlineData("monitor:\n  alerts:\n    - webhook: https://user:pw@hooks.example/x\n", "line 7, 'monitor.alerts[0].webhook'", "without credentials")]
    [InlineData("monitor:\n  alerts:\n    - webhook: https://hooks.example/x\n      on: [drift, latency]\n", "line 8, 'monitor.alerts[0].on'", "'latency'")]
    [InlineData("monitor:\n  alerts:\n    - webhook: https://hooks.example/x\n      url: y\n", "line 8, 'monitor.alerts[0].url'", "url")]
    [InlineData("monitor:\n  alerts: https://hooks.example/x\n", "line 6, 'monitor.alerts'", "list of entries")]
    [InlineData("retrain:\n  promote: always\n", "line 6, 'retrain.promote'", "auto, approval")]
    [InlineData("retrain:\n  data: everything\n", "line 6, 'retrain.data'", "outcomes, sources")]
    [InlineData("retrain:\n  on: [drift, weather]\n", "line 6, 'retrain.on'", "'weather'")]
    [InlineData("retrain:\n  on: [schedule]\n", "line 6, 'retrain.on'", "monitor.schedule")]
    [InlineData("retrain:\n  when: drift\n", "line 6, 'retrain.when'", "when")]
    public void Parse_wrongAgentKey_isRefusedAtItsLine(string section, string where, string says)
    {
        var e = Assert.Throws<MLCycleException>(() => SpecLoader.Parse(Minimal + section, File));

        Assert.Equal(ErrorKind.BadSpec, e.Kind);
        Assert.Contains(where, e.Message);
        Assert.Contains(says, e.Message);
    }
}
