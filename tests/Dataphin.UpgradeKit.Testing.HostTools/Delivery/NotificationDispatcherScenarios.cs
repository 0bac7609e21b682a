using Dataphin.UpgradeKit.Auditing;
using Dataphin.UpgradeKit.Commands;
using Dataphin.UpgradeKit.Lifecycle;
using Dataphin.UpgradeKit.Notifications;
using Dataphin.UpgradeKit.Operators;
using Dataphin.UpgradeKit.Storage;
using NodaTime;
using Xunit;
using Dataphin.UpgradeKit.Testing.HostTools;

namespace Dataphin.UpgradeKit.Testing.HostTools.Delivery;

/// <summary>
/// The hosted dispatcher (R-DLV-1…5) and issue 11 item 8 (a stored change is never reported as failed), run through
/// the real <c>AddUpgradeKit()</c> registration on a store. Derive it once per store and implement
/// <see cref="CreateStoreAsync"/>; the tests use <see cref="Storage.StoreFactAttribute"/>, so a derived class that needs a
/// server skips with its install hint (never under CI).
/// </summary>
/// <remarks>
/// Times are real (the system clock): the dispatcher waits for its signal or its sweep on the thread pool. Every wait for
/// an outcome has a generous deadline, and no assertion depends on how fast a loaded machine is, except where a rule
/// names a bound (one sweep interval), which is then set far above the time the work takes.
/// </remarks>
public abstract partial class NotificationDispatcherScenarios : IAsyncLifetime
{
    /// <summary>How long a test waits for something the dispatcher should do.</summary>
    protected static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    /// <summary>An operator allowed to do everything, force stop included.</summary>
    protected static readonly OperatorIdentity Engineer = new("olga", "Olga", [RoleOperatorQualification.DefaultRole]);

    private readonly List<IUpgradeStore> _stores = [];
    private readonly List<DispatcherTestHost> _hosts = [];

    /// <summary>Creates a new, empty store whose schema is ready.</summary>
    protected abstract Task<IUpgradeStore> CreateStoreAsync();

    /// <summary>A new, empty store, disposed after the test, behind a <see cref="FaultInjectingStore"/> that injects nothing until told.</summary>
    protected async Task<FaultInjectingStore> NewStoreAsync()
    {
        var store = await CreateStoreAsync();
        _stores.Add(store);
        return new FaultInjectingStore(store);
    }

    /// <summary>A host over <paramref name="store"/>, stopped and disposed after the test (before the stores).</summary>
    protected DispatcherTestHost NewHost(IUpgradeStore store, IUpgradeNotificationHandler handler, Action<NotificationDeliveryOptions>? configure = null)
    {
        var host = new DispatcherTestHost(store, handler, o => configure?.Invoke(o));
        _hosts.Add(host);
        return host;
    }

    /// <inheritdoc />
    public virtual Task InitializeAsync() => Task.CompletedTask;

    /// <inheritdoc />
    public virtual async Task DisposeAsync()
    {
        foreach (var host in _hosts)
        {
            await host.DisposeAsync();
        }

        foreach (var store in _stores)
        {
            switch (store)
            {
                case IAsyncDisposable asyncDisposable:
                    await asyncDisposable.DisposeAsync();
                    break;
                case IDisposable disposable:
                    disposable.Dispose();
                    break;
            }
        }
    }

    /// <summary>A new record brought to Upgrading along the normal path (create, save a configuration, start): no notification.</summary>
    protected static async Task<UpgradeRecord> UpgradingAsync(UpgradeKitFeatures service, CancellationToken cancellationToken = default)
    {
        var record = await service.Commands.CreateAsync(new NewUpgradeRequest(ProductVersion.Parse("V5.1.2"), ProductVersion.Parse("V4.3.0"),
            UpgradeMode.Maintenance, DataServiceStudioUpgradeMode.UpgradeTogether), Engineer, cancellationToken);
        await service.Commands.SaveConfigurationAsync(record.Id, new ConfigurationFile("upgrade.yaml", "k: v"u8.ToArray(), SystemClock.Instance.GetCurrentInstant()),
            Engineer, cancellationToken: cancellationToken);
        return await service.HostReports.StartAsync(record.Id, cancellationToken);
    }

    /// <summary>Stops <paramref name="record"/> and returns the <see cref="UpgradeStoppedNotification"/> the change stored.</summary>
    protected static async Task<UpgradeStoppedNotification> StopAsync(UpgradeKitFeatures service, FaultInjectingStore store, UpgradeRecord record)
    {
        await service.Commands.StopAsync(record.Id, Engineer, new StopOptions(RerunForceStoppedInstances: true));
        return Assert.IsType<UpgradeStoppedNotification>(Assert.Single(store.StoredNotifications, n => n.RecordId == record.Id));
    }

    /// <summary>
    /// Stores a further notification of <paramref name="record"/> directly in the store, as another change of it (the
    /// service makes one per record's lifecycle; R-DLV-3 is about several): no signal wakes any dispatcher.
    /// </summary>
    protected static async Task<UpgradeNotification> StoreFurtherNotificationAsync(IUpgradeStore store, UpgradeRecordId id)
    {
        var current = (await store.FindAsync(id))!;
        var next = (UpgradeRecordSnapshot.From(current) with { Version = current.Version + 1 }).ToRecord();
        var now = SystemClock.Instance.GetCurrentInstant();
        var notification = new UpgradeStoppedNotification
        {
            Id = Guid.NewGuid(),
            RecordId = id,
            OccurredAt = now,
            RerunForceStoppedInstances = false,
            ExitMaintenanceMode = true,
        };
        var audit = new AuditEntry(id, now, "olga", UpgradeOperation.ReportProgress, AuditOutcome.Accepted, current.Status, current.Status,
            ActionReasonCode.None, next.Version, AuditEntry.NoOptions);
        await store.UpdateAsync(next, current.Version, new RecordChange(audit, [notification]));
        return notification;
    }

    /// <summary>Waits until <paramref name="condition"/> holds, failing with <paramref name="what"/> after <see cref="Deadline"/>.</summary>
    protected static async Task EventuallyAsync(Func<Task<bool>> condition, string what)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (!await condition())
        {
            if (watch.Elapsed > Deadline)
            {
                Assert.Fail($"Not within {Deadline.TotalSeconds} s: {what}");
            }

            await Task.Delay(20);
        }
    }

    /// <inheritdoc cref="EventuallyAsync(Func{Task{bool}}, string)"/>
    protected static Task EventuallyAsync(Func<bool> condition, string what) => EventuallyAsync(() => Task.FromResult(condition()), what);

    /// <summary>The ids of the pending notifications of the store.</summary>
    protected static async Task<HashSet<Guid>> PendingIdsAsync(IUpgradeStore store) => [.. (await store.ReadPendingAsync(10_000)).Select(n => n.Id)];
}
