using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Dataphin.UpgradeKit.Diagnostics;
using Dataphin.UpgradeKit.Estimates;
using Dataphin.UpgradeKit.Notifications;
using Dataphin.UpgradeKit.Stalls;
using Dataphin.UpgradeKit.Storage;
using Dataphin.UpgradeKit.Testing.Notifications;
using Dataphin.UpgradeKit.Tests.Projections;
using Microsoft.Extensions.Logging;
using NodaTime;
using Xunit;
using static Dataphin.UpgradeKit.Tests.Projections.ProjectionScenario;
using static Dataphin.UpgradeKit.Tests.Timeline.TimelineTestData;
using K = Dataphin.UpgradeKit.Timeline.TimelineEventKind;

namespace Dataphin.UpgradeKit.Tests.Stalls;

/// <summary>
/// The stall check over upgrades run through the commands on the in-memory store: one host notification per stall,
/// through the outbox, a metric and a log event; a new stall after progress resumed is notified again (R-ETA-2).
/// </summary>
public sealed class UpgradeStallCheckTests : IDisposable
{
    private static readonly UpgradeRecordId Running = UpgradeRecordId.Parse("0195e0a1b2c37d4e8f9a0b1c2d3e4f99");

    private readonly MeterFactory _meters = new();
    private readonly MeterListener _listener = new();
    private readonly ConcurrentBag<(string Instrument, long Value, string? Reason)> _measurements = [];
    private readonly Logger _logger = new();

    public UpgradeStallCheckTests()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, _meters))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            string? reason = null;
            foreach (var tag in tags)
            {
                reason = tag.Key == "reason" ? tag.Value?.ToString() : reason;
            }

            _measurements.Add((instrument.Name, value, reason));
        });
        _listener.Start();
    }

    public void Dispose()
    {
        _listener.Dispose();
        _meters.Dispose();
    }

    private static UpgradeRecordId Id(int n) => UpgradeRecordId.Parse($"0195e0a1b2c37d4e8f9a0b1c2d3e4f{n:x2}");

    private static async Task SucceedAsync(ProjectionScenario scenario, UpgradeRecordId id, int startMinute, int minutes)
    {
        scenario.Clock.Reset(At(startMinute - 5));
        await scenario.InsertConfiguringAsync(id: id);
        await scenario.Service.Commands.SaveConfigurationAsync(id, new ConfigurationFile("c.yaml", "x"u8.ToArray(), At(startMinute - 5)), Alice);
        scenario.Clock.Reset(At(startMinute));
        await scenario.Service.HostReports.StartAsync(id);
        scenario.Clock.Reset(At(startMinute + minutes - 1));
        await scenario.Service.HostReports.MarkStepsCompletedAsync(id);
        scenario.Clock.Reset(At(startMinute + minutes));
        await scenario.Service.Commands.CompleteAsync(id, Alice);
    }

    private static async Task StartRunningAsync(ProjectionScenario scenario, int startMinute)
    {
        scenario.Clock.Reset(At(startMinute - 5));
        await scenario.InsertConfiguringAsync(id: Running);
        await scenario.Service.Commands.SaveConfigurationAsync(Running, new ConfigurationFile("c.yaml", "x"u8.ToArray(), At(startMinute - 5)), Alice);
        scenario.Clock.Reset(At(startMinute));
        await scenario.Service.HostReports.StartAsync(Running);
    }

    /// <summary>
    /// Three upgrades of 60, 80 and 100 minutes, each completing its steps a minute before its end, and one running since
    /// minute 400: as of its start, each steps' end (59, 79, 99) with each verification (1 minute), band 60 to 100.
    /// </summary>
    private static async Task<ProjectionScenario> BaselineAsync(UpgradeKitOptions options)
    {
        var scenario = ProjectionScenario.Create(options);
        await SucceedAsync(scenario, Id(1), 0, 60);
        await SucceedAsync(scenario, Id(2), 100, 80);
        await SucceedAsync(scenario, Id(3), 200, 100);
        await StartRunningAsync(scenario, 400);
        return scenario;
    }

    private static UpgradeKitOptions PastEstimateOnly() => new() { Estimates = { NoProgressTimeout = null } };

    private UpgradeStallCheck Check(ProjectionScenario scenario, UpgradeKitOptions options) =>
        new(scenario.Store, scenario.Clock, options, _logger, _meters);

    private static async Task<List<UpgradeStalledNotification>> StalledInOutboxAsync(InMemoryUpgradeStore store) =>
        [.. (await store.ReadPendingAsync(100)).OfType<UpgradeStalledNotification>()];

    [Fact]
    public async Task RunOnceAsync_PastTheBandByTheMargin_OneNotificationThroughTheOutbox_R_ETA_2()
    {
        var options = PastEstimateOnly();
        var scenario = await BaselineAsync(options);
        var check = Check(scenario, options);
        // The 90th percentile is minute 500; the margin is 10 minutes.
        scenario.Clock.Reset(At(510));
        var before = await check.RunOnceAsync();
        scenario.Clock.Reset(At(510, 1));

        var first = await check.RunOnceAsync();
        scenario.Clock.Reset(At(525));
        var second = await check.RunOnceAsync();

        Assert.Equal(new StallCheckResult { Checked = 1, Stalled = 0 }, before);
        Assert.Equal(new StallCheckResult { Checked = 1, Stalled = 1, Started = 1 }, first);
        Assert.Equal(new StallCheckResult { Checked = 1, Stalled = 1, Started = 0 }, second);
        var notification = Assert.Single(await StalledInOutboxAsync(scenario.Store));
        Assert.Equal((Running, StallReason.PastEstimate, At(510, 1), At(400), At(500)),
            (notification.RecordId, notification.Reason, notification.OccurredAt, notification.UpgradeStartedAt, notification.StallThresholdAt));
        var handler = new RecordingNotificationHandler();
        var delivery = new UpgradeKit.Delivery.NotificationDelivery(scenario.Store, scenario.Clock, handler, options);
        await delivery.DeliverPendingNotificationsAsync();
        Assert.Equal(notification.Id, Assert.IsType<UpgradeStalledNotification>(Assert.Single(handler.Received, n => n is UpgradeStalledNotification)).Id);
    }

    [Fact]
    public async Task RunOnceAsync_StallStarts_CountsTheMetricAndLogsTheEvent_R_ETA_2()
    {
        var options = PastEstimateOnly();
        var scenario = await BaselineAsync(options);
        scenario.Clock.Reset(At(511));

        await Check(scenario, options).RunOnceAsync();

        Assert.Equal(("upgradekit.stalls.started", 1L, "pastEstimate"), Assert.Single(_measurements));
        var line = Assert.Single(_logger.Lines, l => l.EventId.Id == 1560);
        Assert.Equal(LogLevel.Warning, line.Level);
        Assert.Contains(Running.ToString(), line.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunOnceAsync_ProgressResumesThenStallsAgain_ANewStallWithANewNotification_R_ETA_2()
    {
        var options = new UpgradeKitOptions { Estimates = { NoProgressTimeout = Duration.FromMinutes(30) } };
        var scenario = ProjectionScenario.Create(options);
        await StartRunningAsync(scenario, 400);
        var check = Check(scenario, options);
        await scenario.Service.HostReports.ReportTimelineEventsAsync(Running, [E(K.ServiceStoppingStarted, "api", At(401))]);

        scenario.Clock.Reset(At(431, 1));
        var stalled = await check.RunOnceAsync();
        await scenario.Service.HostReports.ReportTimelineEventsAsync(Running, [E(K.ServiceStoppingFinished, "api", At(432))]);
        scenario.Clock.Reset(At(433));
        var resumed = await check.RunOnceAsync();
        scenario.Clock.Reset(At(462, 1));
        var again = await check.RunOnceAsync();

        Assert.Equal((1, 1, 0), (stalled.Stalled, stalled.Started, stalled.Ended));
        Assert.Equal((0, 0, 1), (resumed.Stalled, resumed.Started, resumed.Ended));
        Assert.Equal((1, 1, 0), (again.Stalled, again.Started, again.Ended));
        var notifications = await StalledInOutboxAsync(scenario.Store);
        Assert.Equal(2, notifications.Count);
        Assert.NotEqual(notifications[0].Id, notifications[1].Id);
        Assert.All(notifications, n => Assert.Equal(StallReason.NoProgress, n.Reason));
        Assert.Equal([At(401), At(432)], notifications.Select(n => n.LastProgressAt));
        Assert.Single(_logger.Lines, l => l.EventId.Id == 1561);
        Assert.Contains(("upgradekit.stalls.ended", 1L, (string?)null), _measurements);
    }

    [Fact]
    public async Task RunOnceAsync_StalledUpgradeFinishes_TheStallEnds_R_ETA_2()
    {
        var options = PastEstimateOnly();
        var scenario = await BaselineAsync(options);
        var check = Check(scenario, options);
        scenario.Clock.Reset(At(511));
        await check.RunOnceAsync();
        await scenario.Service.HostReports.MarkStepsCompletedAsync(Running);
        await scenario.Service.Commands.CompleteAsync(Running, Alice);

        var after = await check.RunOnceAsync();

        Assert.Equal(new StallCheckResult { Checked = 0, Ended = 1 }, after);
        Assert.Empty(await scenario.Store.ReadOpenStallsAsync());
    }

    [Fact]
    public async Task RunOnceAsync_UpgradeEndsInsideItsBand_NeverNotified_R_ETA_2()
    {
        var options = PastEstimateOnly();
        var scenario = await BaselineAsync(options);
        var check = Check(scenario, options);

        // Checked every minute from its start to its end at minute 490, inside the band (460 to 500).
        for (var minute = 400; minute <= 490; minute++)
        {
            scenario.Clock.Reset(At(minute));
            Assert.Equal(0, (await check.RunOnceAsync()).Stalled);
        }

        await scenario.Service.HostReports.MarkStepsCompletedAsync(Running);
        await scenario.Service.Commands.CompleteAsync(Running, Alice);
        scenario.Clock.Reset(At(600));
        await check.RunOnceAsync();

        Assert.Empty(await StalledInOutboxAsync(scenario.Store));
    }

    [Fact]
    public async Task RunOnceAsync_TwoInstancesAtOnce_OneNotification_R_ETA_2()
    {
        var options = PastEstimateOnly();
        var scenario = await BaselineAsync(options);
        scenario.Clock.Reset(At(511));

        var results = await Task.WhenAll(Check(scenario, options).RunOnceAsync(), Check(scenario, options).RunOnceAsync());

        Assert.Equal(1, results.Sum(r => r.Started));
        Assert.Single(await StalledInOutboxAsync(scenario.Store));
    }

    [Fact]
    public void Options_StallCheckIntervalOutOfRange_IsAProblem_R_ETA_2()
    {
        var options = new UpgradeEstimateOptions { StallCheckInterval = Duration.Zero };

        var ex = Assert.Throws<ArgumentException>(options.Validate);

        Assert.Contains("StallCheckInterval must be between", ex.Message, StringComparison.Ordinal);
        Assert.Null(Xunit.Record.Exception(new UpgradeEstimateOptions { StallCheckInterval = Duration.FromHours(1) }.Validate));
    }

    private sealed class MeterFactory : IMeterFactory
    {
        private readonly List<Meter> _meters = [];

        public Meter Create(MeterOptions options)
        {
            var meter = new Meter(options.Name, options.Version, options.Tags, scope: this);
            _meters.Add(meter);
            return meter;
        }

        public void Dispose()
        {
            foreach (var meter in _meters)
            {
                meter.Dispose();
            }
        }
    }

    internal sealed class Logger : ILogger<UpgradeStallCheck>
    {
        private readonly ConcurrentQueue<(LogLevel Level, EventId EventId, string Message)> _lines = new();

        public IReadOnlyList<(LogLevel Level, EventId EventId, string Message)> Lines => [.. _lines];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            _lines.Enqueue((logLevel, eventId, formatter(state, exception)));
    }
}
