using Dataphin.UpgradeKit.Auditing;
using Dataphin.UpgradeKit.Commands;
using Dataphin.UpgradeKit.Delivery;
using Dataphin.UpgradeKit.Lifecycle;
using Dataphin.UpgradeKit.Notifications;
using Dataphin.UpgradeKit.Storage;
using Dataphin.UpgradeKit.Testing.HostTools.Delivery;
using Dataphin.UpgradeKit.Tests.Support;
using NodaTime;
using NodaTime.Testing;
using Dataphin.UpgradeKit.Testing.HostTools;

namespace Dataphin.UpgradeKit.Tests.Delivery;

/// <summary>
/// The real dispatcher and delivery engine over the in-memory store behind a <see cref="FaultInjectingStore"/>, on a
/// <see cref="FakeClock"/> with hand-driven waits (<see cref="SteppedDispatcherTime"/>) and a fixed jitter: every run
/// of a test takes the same steps. Logs and metrics are captured per rig.
/// </summary>
internal sealed class DispatcherRig : IAsyncDisposable
{
    private readonly List<NotificationDispatcher> _running = [];

    public DispatcherRig(Action<NotificationDeliveryOptions>? configure = null, bool withHandler = true, double jitter = 0.5)
    {
        var options = new UpgradeKitOptions();
        // By default no sweep and no lease runs out during a test unless the test says so: only what it drives happens.
        options.Delivery.SweepInterval = Duration.FromHours(1);
        options.Delivery.LeaseDuration = Duration.FromMinutes(1);
        configure?.Invoke(options.Delivery);
        Options = options.Delivery;
        Store = new FaultInjectingStore(Inner);
        Time = new SteppedDispatcherTime(Clock);
        Handler = new ScriptedHandler(Clock);
        Service = new UpgradeKitFeatures(Store, Clock, notificationHandler: withHandler ? Handler : null, options: options, logger: Logger,
            meterFactory: Meters)
        {
            // A signal of its own: the seeder's commits on the same store do not wake this dispatcher.
            Delivery = { DeliveryJitter = () => jitter, DeliverySignal = new DeliverySignal() },
        };
        // Stores the test's changes without a signal to Service: the dispatcher only does what the test drives.
        Seeder = new UpgradeKitFeatures(Store, Clock);
    }

    public FakeClock Clock { get; } = new(ServiceHarness.T0);

    public InMemoryUpgradeStore Inner { get; } = new();

    public FaultInjectingStore Store { get; }

    public NotificationDeliveryOptions Options { get; }

    public SteppedDispatcherTime Time { get; }

    public ScriptedHandler Handler { get; }

    public CapturingLogger Logger { get; } = new();

    public CountingMeterFactory Meters { get; } = new();

    public UpgradeKitFeatures Service { get; }

    public UpgradeKitFeatures Seeder { get; }

    /// <summary>A record stopped through <see cref="Seeder"/>: its stop notification waits in the outbox.</summary>
    public async Task<UpgradeNotification> StoppedAsync(string target)
    {
        var record = await Seeder.Commands.CreateAsync(new NewUpgradeRequest
        {
            TargetVersion = ProductVersion.Parse(target), InitialVersion = ProductVersion.Parse("V4.3.0"),
            Mode = UpgradeMode.Maintenance, DataServiceStudioMode = DataServiceStudioUpgradeMode.UpgradeTogether,
        }, TestOperators.Ordinary);
        await Seeder.Commands.SaveConfigurationAsync(record.Id, new ConfigurationFile("upgrade.yaml", "k: v"u8.ToArray(), Clock.GetCurrentInstant()), TestOperators.Ordinary);
        await Seeder.HostReports.StartAsync(record.Id);
        await Seeder.Commands.StopAsync(record.Id, TestOperators.Ordinary, new StopOptions(RerunForceStoppedInstances: true));
        return Store.StoredNotifications.Single(n => n.RecordId == record.Id);
    }

    /// <summary>A further notification of <paramref name="after"/>'s record, stored as another change of it (R-DLV-3 is about several).</summary>
    public async Task<UpgradeNotification> FurtherAsync(UpgradeNotification after)
    {
        var current = (await Inner.FindAsync(after.RecordId))!;
        var now = Clock.GetCurrentInstant();
        var notification = new UpgradeFailedNotification { Id = Guid.NewGuid(), RecordId = current.Id, OccurredAt = now, Reason = "later" };
        var audit = new AuditEntry(current.Id, now, "olga", UpgradeOperation.ReportProgress, AuditOutcome.Accepted, current.Status, current.Status,
            ActionReasonCode.None, current.Version + 1, AuditEntry.NoOptions);
        await Store.UpdateAsync(current with { Version = current.Version + 1 }, current.Version, new RecordChange(audit, [notification]));
        return notification;
    }

    /// <summary>Starts a new dispatcher for <see cref="Service"/> (a host start); returns its first wait, its first round done.</summary>
    public async Task<DispatcherWaitStep> StartAsync()
    {
        var dispatcher = new NotificationDispatcher(Service.Delivery, Clock, Logger, Time.WaitAsync);
        _running.Add(dispatcher);
        await dispatcher.StartAsync(CancellationToken.None);
        return await Time.NextWaitAsync();
    }

    /// <summary>Stops the running dispatcher as a host does, waiting until it has stopped.</summary>
    public async Task StopAsync()
    {
        var dispatcher = _running[^1];
        _running.RemoveAt(_running.Count - 1);
        await dispatcher.StopAsync(CancellationToken.None).WaitAsync(SteppedDispatcherTime.Ceiling);
        dispatcher.Dispose();
    }

    /// <summary>The ids still in the outbox (not delivered; dead letters included).</summary>
    public async Task<IReadOnlyList<Guid>> PendingAsync() => [.. (await Inner.ReadPendingAsync(1000)).Select(n => n.Id)];

    public async ValueTask DisposeAsync()
    {
        while (_running.Count > 0)
        {
            await StopAsync();
        }

        Meters.Dispose();
    }
}

/// <summary>
/// A host's handler for the fault tests: records every call with the fake clock's time, and acts as
/// <see cref="Behaviour"/> says (by default it accepts). Thread-safe.
/// </summary>
internal sealed class ScriptedHandler(FakeClock clock) : IUpgradeNotificationHandler
{
    private readonly Lock _gate = new();
    private readonly List<(UpgradeNotification Notification, Instant At)> _calls = [];

    /// <summary>What a call does; null accepts.</summary>
    public Func<UpgradeNotification, CancellationToken, Task>? Behaviour { get; set; }

    /// <summary>Every call, in order, with the time it began.</summary>
    public IReadOnlyList<(UpgradeNotification Notification, Instant At)> Calls
    {
        get
        {
            lock (_gate)
            {
                return [.. _calls];
            }
        }
    }

    /// <summary>The (id, attempt) of every call, in order.</summary>
    public IReadOnlyList<(Guid Id, int Attempt)> Seen => [.. Calls.Select(c => (c.Notification.Id, c.Notification.Attempt))];

    public Task HandleAsync(UpgradeNotification notification, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _calls.Add((notification, clock.GetCurrentInstant()));
        }

        return Behaviour?.Invoke(notification, cancellationToken) ?? Task.CompletedTask;
    }

    /// <summary>A behaviour that fails like a host that cannot act yet.</summary>
    public static Task Fail() => throw new InvalidOperationException("The host could not act on the notification (simulated).");
}
