using Dataphin.UpgradeKit.Commands;
using Dataphin.UpgradeKit.Lifecycle;
using Dataphin.UpgradeKit.Notifications;
using Dataphin.UpgradeKit.Operators;
using NodaTime;
using NodaTime.Testing;
using Xunit;
using Dataphin.UpgradeKit.Testing.HostTools;

namespace Dataphin.UpgradeKit.Sqlite.Tests;

/// <summary>What survives a host restart: the store is disposed and the file opened again by a new store and service.</summary>
public sealed partial class SqliteUpgradeStoreTests : IDisposable
{
    private static readonly OperatorIdentity Alice = new("alice");
    private readonly SqliteTestDatabase _database = new();
    private readonly FakeClock _clock = new(Instant.FromUtc(2026, 3, 1, 8, 0), Duration.FromSeconds(1));

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task Reopen_AfterDispose_RecordAuditAndEventsAreStillThere()
    {
        UpgradeRecord written;
        using (var store = _database.OpenStore())
        {
            var service = new UpgradeKitFeatures(store, _clock);
            written = await CreateAsync(service);
            written = await service.Commands.SaveConfigurationAsync(written.Id, new ConfigurationFile("cfg.yaml", new byte[] { 0, 1, 255 }, _clock.GetCurrentInstant()), Alice);
            await store.AppendEventsAsync(written.Id, [new Timeline.TimelineEvent { Kind = Timeline.TimelineEventKind.DatabaseBackupStarted, Subject = "metadb", At = _clock.GetCurrentInstant() }]);
        }

        using var reopened = _database.OpenStore();

        var read = await reopened.FindAsync(written.Id);
        Assert.Equal(written, read);
        Assert.Equal(new byte[] { 0, 1, 255 }, (await reopened.ReadConfigurationAsync(written.Id))!.Content.ToArray());
        Assert.Equal(2, (await reopened.ReadAsync(written.Id)).Count);
        Assert.Single(await reopened.ReadEventsAsync(written.Id));
    }

    [Fact]
    public async Task AppendEvents_FinishedTaskWithoutOutcome_RefusedNothingStored_R_TIME_8()
    {
        using var store = _database.OpenStore();
        var record = await CreateAsync(new UpgradeKitFeatures(store, _clock));
        var started = new Timeline.TimelineEvent { Kind = Timeline.TimelineEventKind.DataUpdateTaskStarted, Subject = "migrate", At = _clock.GetCurrentInstant() };
        var noOutcome = new Timeline.TimelineEvent { Kind = Timeline.TimelineEventKind.DataUpdateTaskFinished, Subject = "migrate", At = _clock.GetCurrentInstant() };

        await Assert.ThrowsAsync<ArgumentException>(() => store.AppendEventsAsync(record.Id, [started, noOutcome]));

        Assert.Empty(await store.ReadEventsAsync(record.Id));
    }

    [Fact]
    public async Task Reopen_UpgradeInterruptedWhileUpgrading_CanBeResumedAndCompleted()
    {
        UpgradeRecordId id;
        using (var store = _database.OpenStore())
        {
            var service = new UpgradeKitFeatures(store, _clock);
            var record = await CreateAsync(service);
            id = record.Id;
            await service.HostReports.StartAsync(id);
            await service.HostReports.ReportProgressAsync(id, new ProgressReport
            {
                ForceStopTaskRan = true, CurrentStep = "upgrade-services",
            });
        }

        // The host restarts: a new store and a new service on the same file.
        using var reopened = _database.OpenStore();
        var restarted = new UpgradeKitFeatures(reopened, _clock);
        var resume = await restarted.Commands.ResumeUpgradeAsync(id, Alice);
        await restarted.HostReports.MarkStepsCompletedAsync(id);
        var completed = await restarted.Commands.CompleteAsync(id, Alice);

        Assert.Equal("upgrade-services", resume.CurrentStep);
        Assert.Equal(UpgradeStatus.Succeeded, completed.Status);
        Assert.True(completed.ForceStopTaskRan);
        Assert.NotNull(completed.UpgradeEndedAt);
        Assert.Equal(completed, await reopened.FindAsync(id));
    }

    [Fact]
    public async Task Reopen_NotificationWhoseDeliveryFailedBeforeTheRestart_IsDeliveredAfterItWithTheSameId()
    {
        Guid pendingId;
        UpgradeRecordId id;
        var failing = new ThrowingHandler();
        using (var store = _database.OpenStore())
        {
            var service = new UpgradeKitFeatures(store, _clock, notificationHandler: failing);
            var record = await CreateAsync(service);
            id = record.Id;
            await service.HostReports.StartAsync(id);
            await service.Commands.StopAsync(id, Alice, new StopOptions(RerunForceStoppedInstances: true));
            Assert.Equal(0, await service.Delivery.DeliverPendingNotificationsAsync());
            pendingId = Assert.Single(failing.Attempts).Id;
        }

        // The failed attempt's retry comes due (R-DLV-4).
        _clock.Advance(new UpgradeKitOptions().Delivery.BackoffBase);

        using var reopened = _database.OpenStore();
        var received = new List<UpgradeNotification>();
        var restarted = new UpgradeKitFeatures(reopened, _clock, notificationHandler: new CollectingHandler(received));

        Assert.Equal(1, await restarted.Delivery.DeliverPendingNotificationsAsync());

        var delivered = Assert.IsType<UpgradeStoppedNotification>(Assert.Single(received));
        Assert.Equal(pendingId, delivered.Id);
        Assert.Equal(id, delivered.RecordId);
        Assert.True(delivered.RerunForceStoppedInstances);
        Assert.Equal(0, await restarted.Delivery.DeliverPendingNotificationsAsync());
        Assert.Single(received);
    }

    private static Task<UpgradeRecord> CreateAsync(UpgradeKitFeatures service) =>
        service.Commands.CreateAsync(new NewUpgradeRequest
        {
            TargetVersion = ProductVersion.Parse("V5.0.0"), InitialVersion = ProductVersion.Parse("V4.3.0"),
            Mode = UpgradeMode.Maintenance, DataServiceStudioMode = DataServiceStudioUpgradeMode.UpgradeTogether,
        }, Alice);

    private sealed class ThrowingHandler : IUpgradeNotificationHandler
    {
        public List<UpgradeNotification> Attempts { get; } = [];

        public Task HandleAsync(UpgradeNotification notification, CancellationToken cancellationToken)
        {
            Attempts.Add(notification);
            throw new InvalidOperationException("The host crashed before acting on it (simulated).");
        }
    }

    private sealed class CollectingHandler(List<UpgradeNotification> received) : IUpgradeNotificationHandler
    {
        public Task HandleAsync(UpgradeNotification notification, CancellationToken cancellationToken)
        {
            received.Add(notification);
            return Task.CompletedTask;
        }
    }
}
