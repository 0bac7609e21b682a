using Dataphin.UpgradeKit.Commands;
using Dataphin.UpgradeKit.Operators;
using Dataphin.UpgradeKit.Retention;
using Dataphin.UpgradeKit.Storage;
using NodaTime;
using Xunit;

namespace Dataphin.UpgradeKit.Testing.HostTools;

/// <summary>
/// The audit-entry period (R-RET-1, R-RET-2) on one example, the same on every store: a finished record's old entries are
/// archived on their own and removed while the record stays; a pinned record and a running one keep their whole trail;
/// a rerun removes nothing more; an unpin lets the pinned record's old entries go, not the unpin's own entry.
/// </summary>
public static class RetentionAuditChecks
{
    private static readonly OperatorIdentity Alice = new("alice", "Alice");

    /// <summary>Runs the example on <paramref name="store"/> (empty, its clock <paramref name="clock"/> where it has one).</summary>
    public static async Task AssertOldEntriesArchivedAndRemovedExceptKeptTrailsAsync(IUpgradeStore store, RetentionPeriodChecks.SettableClock clock, string archiveDirectory)
    {
        ArgumentNullException.ThrowIfNull(clock);
        var features = new UpgradeKitFeatures(store, clock, notificationHandler: new Delivered());
        var finished = await FinishedAsync(features, clock);
        var pinned = await FinishedAsync(features, clock);
        var running = await features.Commands.CreateAsync(Request(), Alice);
        await features.HostReports.StartAsync(running.Id);
        var retention = new UpgradeRetention(store, new FileSystemRetentionArchive(archiveDirectory), clock, new UpgradeKitOptions
        {
            Retention = new RetentionOptions { Enabled = true, FinishedRecordAge = Duration.FromDays(365), AuditEntryAge = Duration.FromDays(30), BatchSize = 1 },
        });
        await retention.PinAsync(pinned, Alice);
        var trails = new Dictionary<UpgradeRecordId, List<string>>();
        foreach (var id in new[] { finished, pinned, running.Id })
        {
            trails[id] = [.. (await store.ReadAsync(id)).Select(e => e.ToString())];
        }

        clock.Now += Duration.FromDays(31);
        var newer = await FinishedAsync(features, clock); // inside the period: stays
        var newerTrail = (await store.ReadAsync(newer)).Select(e => e.ToString()).ToList();

        var first = await retention.RunOnceAsync();

        Assert.Equal((0, trails[finished].Count), (first.RemovedRecords, first.RemovedAuditEntries));
        Assert.Empty(await store.ReadAsync(finished));
        Assert.NotNull(await store.FindAsync(finished)); // the record stays: only its old entries went
        Assert.Equal(trails[pinned], (await store.ReadAsync(pinned)).Select(e => e.ToString()));
        Assert.Equal(trails[running.Id], (await store.ReadAsync(running.Id)).Select(e => e.ToString()));
        Assert.Equal(newerTrail, (await store.ReadAsync(newer)).Select(e => e.ToString()));
        Assert.Equal(trails[finished], (await ArchivedAsync(archiveDirectory)).Select(e => e.Entry.ToString()));
        var run = Assert.Single(await retention.ReadRunsAsync());
        Assert.Equal(trails[finished].Count, run.AuditEntries);
        Assert.Contains(run.Files, f => f.StartsWith("audit-", StringComparison.Ordinal) && f.EndsWith(".jsonl.gz", StringComparison.Ordinal));

        var again = await retention.RunOnceAsync();
        Assert.Equal(0, again.RemovedAuditEntries);

        clock.Now += Duration.FromMinutes(1);
        await retention.UnpinAsync(pinned, Alice);
        var third = await retention.RunOnceAsync();

        Assert.Equal(trails[pinned].Count, third.RemovedAuditEntries);
        var left = Assert.Single(await store.ReadAsync(pinned));
        Assert.Equal(UpgradeOperation.Unpin, left.Operation);
        var archived = (await ArchivedAsync(archiveDirectory)).ToList();
        Assert.Equal(trails[finished].Concat(trails[pinned]).Order(StringComparer.Ordinal), archived.Select(e => e.Entry.ToString()).Order(StringComparer.Ordinal));
        Assert.Equal(archived.Count, archived.Select(e => e.Id).Distinct(StringComparer.Ordinal).Count());
    }

    private static async Task<List<StoredAuditEntry>> ArchivedAsync(string directory)
    {
        var entries = new List<StoredAuditEntry>();
        await foreach (var entry in RetentionArchiveReader.ReadAuditEntriesAsync(directory))
        {
            entries.Add(entry);
        }

        return entries;
    }

    private static async Task<UpgradeRecordId> FinishedAsync(UpgradeKitFeatures features, RetentionPeriodChecks.SettableClock clock)
    {
        var record = await features.Commands.CreateAsync(Request(), Alice);
        await features.HostReports.StartAsync(record.Id);
        clock.Now += Duration.FromMinutes(5);
        await features.HostReports.MarkStepsCompletedAsync(record.Id);
        await features.Commands.CompleteAsync(record.Id, Alice);
        await features.Delivery.DeliverPendingNotificationsAsync();
        clock.Now += Duration.FromMinutes(5);
        return record.Id;
    }

    private sealed class Delivered : UpgradeKit.Notifications.IUpgradeNotificationHandler
    {
        public Task HandleAsync(UpgradeKit.Notifications.UpgradeNotification notification, CancellationToken cancellationToken) => Task.CompletedTask;
    }

    private static NewUpgradeRequest Request() => new()
    {
        TargetVersion = ProductVersion.Parse("V5.1.0"),
        InitialVersion = ProductVersion.Parse("V5.0.0"),
        Mode = UpgradeMode.Maintenance,
        DataServiceStudioMode = DataServiceStudioUpgradeMode.UpgradeTogether,
    };
}
