using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Dataphin.UpgradeKit.Diagnostics;
using Dataphin.UpgradeKit.Lifecycle;
using Dataphin.UpgradeKit.Storage;
using Dataphin.UpgradeKit.Tests.Support;
using NodaTime;
using NodaTime.Testing;
using Xunit;
using Dataphin.UpgradeKit.Testing.HostTools;

namespace Dataphin.UpgradeKit.Tests.Diagnostics;

public sealed class UpgradeKitTelemetryTests : IDisposable
{
    private readonly TestMeterFactory _meters = new();
    private readonly MeterListener _meterListener = new();
    private readonly ActivityListener _activityListener;
    private readonly ConcurrentBag<(string Instrument, double Value, Dictionary<string, string?> Tags)> _measurements = [];
    private readonly ConcurrentBag<Activity> _activities = [];

    public UpgradeKitTelemetryTests()
    {
        _meterListener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, _meters))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _meterListener.SetMeasurementEventCallback<long>((i, v, tags, _) => Record(i, v, tags));
        _meterListener.SetMeasurementEventCallback<double>((i, v, tags, _) => Record(i, v, tags));
        _meterListener.Start();
        _activityListener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == UpgradeKitDiagnostics.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _activities.Add,
        };
        ActivitySource.AddActivityListener(_activityListener);
    }

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var dictionary = new Dictionary<string, string?>();
        foreach (var tag in tags)
        {
            dictionary[tag.Key] = tag.Value?.ToString();
        }

        _measurements.Add((instrument.Name, value, dictionary));
    }

    [Fact]
    public async Task ScriptedUpgrade_PublishesCountsDurationsAndOneSpanPerRequest()
    {
        var clock = new FakeClock(ServiceHarness.T0);
        var service = new UpgradeKitFeatures(new InMemoryUpgradeStore(), clock, meterFactory: _meters);
        var record = await service.Commands.CreateAsync(ServiceHarness.Request(), TestOperators.Ordinary);
        await service.HostReports.StartAsync(record.Id);
        clock.Advance(Duration.FromMinutes(10));
        await Assert.ThrowsAsync<OperationNotPermittedException>(() =>
            service.Commands.ForceStopAsync(record.Id, TestOperators.Ordinary, new ForceStopRequest(ForceStopResult.Failed, true) { Reason = OperatorReason.Parse("finished by hand") }));
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() =>
            service.Commands.StopAsync(record.Id, TestOperators.Ordinary, new StopOptions(false), expectedVersion: 1));
        clock.Advance(Duration.FromMinutes(5));
        await service.Commands.StopAsync(record.Id, TestOperators.Ordinary, new StopOptions(true));

        _meterListener.RecordObservableInstruments();
        var ops = _measurements.Where(m => m.Instrument == UpgradeKitDiagnostics.OperationsInstrument).ToList();
        Assert.Equal(2, ops.Count(m => m.Tags["outcome"] == "accepted"));
        Assert.Single(ops, m => m.Tags["outcome"] == "refused" && m.Tags["operation"] == "ForceStop");
        Assert.Single(ops, m => m.Tags["outcome"] == "conflict" && m.Tags["operation"] == "Stop");
        Assert.Equal("OperatorNotQualified", Assert.Single(_measurements, m => m.Instrument == UpgradeKitDiagnostics.RefusalsInstrument).Tags["reason"]);
        Assert.Single(_measurements, m => m.Instrument == UpgradeKitDiagnostics.ConflictsInstrument);
        var upgrade = Assert.Single(_measurements, m => m.Instrument == UpgradeKitDiagnostics.UpgradeDurationInstrument);
        Assert.Equal((15 * 60.0, "Stopped"), (upgrade.Value, upgrade.Tags["status"]));
        Assert.Equal(15 * 60.0, Assert.Single(_measurements, m => m.Instrument == UpgradeKitDiagnostics.MaintenanceDurationInstrument).Value);

        var spans = _activities.Where(a => (string?)a.GetTagItem("upgradekit.record.id") == record.Id.ToString()).ToList();
        Assert.Equal(["ForceStop", "Start", "Stop", "Stop"], spans.Select(a => (string)a.GetTagItem("upgradekit.operation")!).Order());
        Assert.Equal(2, spans.Count(a => a.Status == ActivityStatusCode.Error));
        Assert.All(spans.SelectMany(a => a.TagObjects), tag => Assert.DoesNotContain("upgrade.yaml", tag.Value?.ToString() ?? "", StringComparison.Ordinal));
    }

    public void Dispose()
    {
        _meterListener.Dispose();
        _activityListener.Dispose();
        _meters.Dispose();
    }

    private sealed class TestMeterFactory : IMeterFactory
    {
        private readonly List<Meter> _created = [];

        public Meter Create(MeterOptions options)
        {
            options.Scope = this;
            var meter = new Meter(options);
            _created.Add(meter);
            return meter;
        }

        public void Dispose() => _created.ForEach(m => m.Dispose());
    }
}
