using System.Text;
using Dataphin.UpgradeKit.Commands;
using Dataphin.UpgradeKit.Notifications;
using Dataphin.UpgradeKit.Operators;
using Dataphin.UpgradeKit.Retention;
using Dataphin.UpgradeKit.Storage;
using NodaTime;
using Xunit;

namespace Dataphin.UpgradeKit.Testing.HostTools;

/// <summary>
/// What retention promises (R-RET-1, R-RET-2), checked the same way on every store: generated histories and policies,
/// retention run to the end (also after a crash at each step), then nothing protected is gone and everything gone is in
/// the archive, once, equal to what the store held.
/// </summary>
public static class RetentionChecks
{
    private static readonly OperatorIdentity Alice = new("alice", "Alice");

    /// <summary>Where a run stops, as a crashed process would.</summary>
    public enum CrashPoint
    {
        /// <summary>No crash.</summary>
        None,

        /// <summary>Before the batch's archive is written.</summary>
        BeforeArchive,

        /// <summary>After the archive is final, before the removal.</summary>
        AfterArchive,

        /// <summary>After the removal committed, before the archive confirms it.</summary>
        AfterRemove,

        /// <summary>Before a batch of audit entries (the audit-entry period) is archived.</summary>
        BeforeAuditArchive,

        /// <summary>After a batch of audit entries is final in the archive, before their removal.</summary>
        AfterAuditArchive,

        /// <summary>After the audit entries' removal committed, before the archive confirms it.</summary>
        AfterAuditRemove,
    }

    /// <summary>A history the check generated, with what it must keep.</summary>
    public sealed record History(IReadOnlyDictionary<UpgradeRecordId, Snapshot> Before, IReadOnlySet<UpgradeRecordId> Protected, Instant Now, RetentionOptions Policy)
    {
        /// <summary>The change feed's last position before retention ran.</summary>
        public long LastPosition { get; init; }

        /// <summary>The records whose whole audit trail stays whatever the audit-entry period: not finished, pinned, or with a notification not yet delivered.</summary>
        public IReadOnlySet<UpgradeRecordId> AuditKept { get; init; } = new HashSet<UpgradeRecordId>();
    }

    /// <summary>What a record held before retention ran.</summary>
    public sealed record Snapshot(UpgradeRecord Record, int AuditEntries, IReadOnlyList<string> EventKeys, byte[]? Configuration)
    {
        /// <summary>The record's audit entries as their one-line form (<see cref="Auditing.AuditEntry.ToString"/>), oldest first.</summary>
        public IReadOnlyList<string> AuditLines { get; init; } = [];
    }

    /// <summary>
    /// Generates a history from <paramref name="seed"/> on <paramref name="store"/> (empty), runs retention into
    /// <paramref name="archiveDirectory"/> (stopping once at <paramref name="crash"/>, then running again), and checks the
    /// promises. Returns the number of records removed, so that callers can see the generated cases remove something.
    /// </summary>
    public static async Task<int> AssertRetentionKeepsItsPromisesAsync(IUpgradeStore store, int seed, string archiveDirectory, CrashPoint crash = CrashPoint.None) =>
        (await RunAndAssertAsync(store, seed, archiveDirectory, crash, alwaysAuditPeriod: false)).Records;

    /// <summary>
    /// As <see cref="AssertRetentionKeepsItsPromisesAsync"/>, with a policy that always gives audit entries a period of
    /// their own; returns the number of audit entries archived and removed by it, so that callers can see the generated
    /// cases remove some.
    /// </summary>
    public static async Task<int> AssertAuditEntryPeriodKeepsItsPromisesAsync(IUpgradeStore store, int seed, string archiveDirectory, CrashPoint crash = CrashPoint.None) =>
        (await RunAndAssertAsync(store, seed, archiveDirectory, crash, alwaysAuditPeriod: true)).AuditEntries;

    private static async Task<(int Records, int AuditEntries)> RunAndAssertAsync(IUpgradeStore store, int seed, string archiveDirectory, CrashPoint crash, bool alwaysAuditPeriod)
    {
        var history = await GenerateAsync(store, seed);
        // Half the policies give audit entries a period of their own (drawn apart, so the histories and record policies
        // stay those of earlier sessions).
        var draw = new Random(seed ^ 0x2A5E);
        history.Policy.AuditEntryAge = draw.Next(2) == 0 && !alwaysAuditPeriod ? null : Duration.FromDays(draw.Next(1, 400));
        var clock = new FixedClock(history.Now);
        var options = new UpgradeKitOptions { Retention = history.Policy };
        using (var real = new FileSystemRetentionArchive(archiveDirectory))
        {
            if (crash != CrashPoint.None)
            {
                var crashing = new UpgradeRetention(store, new CrashingArchive(real, crash), clock, options);
                try
                {
                    await crashing.RunOnceAsync(); // a history with nothing to remove never reaches the crash point
                }
                catch (SimulatedCrashException)
                {
                }
            }
        }

        // A new process: a new archive object over the same directory, and the store's lease left by the crash released.
        using (var archive = new FileSystemRetentionArchive(archiveDirectory))
        {
            var retention = new UpgradeRetention(store, archive, clock, options);
            Assert.True((await retention.RunOnceAsync()).Ran);
            Assert.Equal(0, (await retention.RunOnceAsync()).RemovedRecords); // a rerun finds nothing more
        }

        return await AssertOutcomeCoreAsync(store, history, archiveDirectory, history.Now);
    }

    /// <summary>
    /// The promises after retention ran to the end at <paramref name="now"/> over <paramref name="history"/>: nothing
    /// protected removed, only finished and old records removed, and everything removed in the archive once, equal to
    /// what the store held. Returns the number of records removed.
    /// </summary>
    public static async Task<int> AssertOutcomeAsync(IUpgradeStore store, History history, string archiveDirectory, Instant now) =>
        (await AssertOutcomeCoreAsync(store, history, archiveDirectory, now)).Records;

    /// <summary>As <see cref="AssertOutcomeAsync"/>; returns the records removed and the audit entries archived and removed by their own period.</summary>
    public static async Task<(int Records, int AuditEntries)> AssertOutcomeCoreAsync(IUpgradeStore store, History history, string archiveDirectory, Instant now)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(history);
        var left = (await store.ListAsync(new UpgradeRecordQuery { PageSize = 500 })).Items.Select(r => r.Id).ToHashSet();
        var removed = history.Before.Keys.Where(id => !left.Contains(id)).ToHashSet();
        Assert.Empty(removed.Intersect(history.Protected));
        foreach (var id in removed)
        {
            Assert.True(history.Before[id].Record.Status.IsTerminal());
            Assert.True((history.Before[id].Record.UpgradeEndedAt ?? history.Before[id].Record.CreatedAt) < now - history.Policy.FinishedRecordAge);
        }

        // Audit entries archived on their own (the audit-entry period), each once, by their store id.
        var archivedEntries = new List<StoredAuditEntry>();
        if (File.Exists(Path.Combine(archiveDirectory, FileSystemRetentionArchive.ManifestFileName)))
        {
            await foreach (var entry in RetentionArchiveReader.ReadAuditEntriesAsync(archiveDirectory))
            {
                archivedEntries.Add(entry);
            }
        }

        Assert.Equal(archivedEntries.Count, archivedEntries.Select(e => e.Id).Distinct(StringComparer.Ordinal).Count());
        var entriesByRecord = archivedEntries.ToLookup(e => e.Entry.RecordId, e => e.Entry);
        Assert.All(entriesByRecord, g => Assert.True(history.Before.ContainsKey(g.Key)));
        if (history.Policy.AuditEntryAge is not { } auditAge)
        {
            Assert.Empty(archivedEntries);
        }

        // A record that stays keeps every entry not archived on its own; a record whose trail is kept keeps all of it; an
        // entry archived on its own was older than the period; and none older than the period is left where it may go.
        foreach (var id in left.Where(history.Before.ContainsKey))
        {
            var held = (await store.ReadAsync(id)).Select(e => e.ToString()).ToList();
            var gone = entriesByRecord[id].ToList();
            Assert.Equal(history.Before[id].AuditLines.Order(StringComparer.Ordinal), gone.Select(e => e.ToString()).Concat(held).Order(StringComparer.Ordinal));
            if (history.AuditKept.Contains(id))
            {
                Assert.Empty(gone);
            }

            if (history.Policy.AuditEntryAge is { } age)
            {
                Assert.All(gone, e => Assert.True(e.At < now - age, $"entry {e} archived inside the period"));
                if (!history.AuditKept.Contains(id))
                {
                    Assert.All(await store.ReadAsync(id), e => Assert.True(e.At >= now - age, $"entry {e} older than the period left in the store"));
                }
            }
        }

        // The change feed: a removal row per record removed (PostgreSQL may skip a number on a retried transaction), and its
        // newest row kept whatever the feed's period, so a watcher at the end goes on.
        var last = await store.ReadLastPositionAsync();
        Assert.True(last >= history.LastPosition + removed.Count, $"the feed ends at {last}, before {history.LastPosition} + {removed.Count} removals");
        Assert.Equal([last], (await store.ReadChangesAsync(last - 1, 10, null)).Select(c => c.Position));

        var finishedLeft = history.Before.Values.Count(s => s.Record.Status.IsTerminal() && left.Contains(s.Record.Id));
        Assert.True(finishedLeft >= Math.Min(history.Policy.MinimumFinishedRecords, history.Before.Values.Count(s => s.Record.Status.IsTerminal())));

        // Everything removed is in the archive once, its hash checked by the reader, equal to what the store held.
        var archived = new List<ArchivedRecord>();
        if (File.Exists(Path.Combine(archiveDirectory, FileSystemRetentionArchive.ManifestFileName)))
        {
            await foreach (var record in RetentionArchiveReader.ReadAsync(archiveDirectory))
            {
                archived.Add(record);
            }
        }

        Assert.Equal(archived.Count, archived.Select(a => a.Record.Id).Distinct().Count());
        Assert.Equal(removed.Order(), archived.Select(a => a.Record.Id).Order());
        foreach (var restored in archived)
        {
            var before = history.Before[restored.Record.Id];
            Assert.Equal(before.Record, restored.Record);
            // Its entries: in its line, and any archived on their own before the record went, together all it had.
            Assert.Equal(before.AuditLines.Order(StringComparer.Ordinal),
                restored.AuditEntries.Concat(entriesByRecord[restored.Record.Id]).Select(e => e.ToString()).Order(StringComparer.Ordinal));
            Assert.Equal(before.EventKeys, restored.TimelineEvents.Select(e => e.Key).Order(StringComparer.Ordinal));
            Assert.Equal(before.Configuration, restored.ConfigurationContent?.ToArray());
        }

        return (removed.Count, archivedEntries.Count);
    }

    /// <summary>
    /// Records of every outcome over two years on a moving clock, a random policy, random pins, and some records whose
    /// notifications stay undelivered; returns what each record held and which must be kept.
    /// </summary>
    public static async Task<History> GenerateAsync(IUpgradeStore store, int seed)
    {
        var random = new Random(seed);
        var clock = new FixedClock(Instant.FromUtc(2024, 1, 1, 0, 0));
        var host = new SwitchableHandler();
        var features = new UpgradeKitFeatures(store, clock, notificationHandler: host);
        var count = random.Next(5, 25);
        var ids = new List<UpgradeRecordId>();
        var undelivered = new HashSet<UpgradeRecordId>();
        for (var i = 0; i < count; i++)
        {
            clock.Now += Duration.FromDays(random.Next(1, 60));
            var record = await features.Commands.CreateAsync(new NewUpgradeRequest { TargetVersion = ProductVersion.Parse("V5.1.0"), InitialVersion = ProductVersion.Parse("V5.0.0"), Mode = UpgradeMode.Maintenance, DataServiceStudioMode = DataServiceStudioUpgradeMode.UpgradeTogether }, Alice);
            ids.Add(record.Id);
            await features.Commands.SaveConfigurationAsync(record.Id,
                new ConfigurationFile("upgrade.yaml", Encoding.UTF8.GetBytes($"record: {i}\n"), clock.Now), Alice);
            var outcome = random.Next(5);
            if (outcome == 0)
            {
                continue; // stays in Configuring
            }

            if (outcome == 1)
            {
                await features.Commands.CancelAsync(record.Id, Alice);
            }
            else
            {
                await features.HostReports.StartAsync(record.Id);
                await features.HostReports.ReportTimelineEventsAsync(record.Id,
                    [new Timeline.TimelineEvent { Kind = Timeline.TimelineEventKind.ServiceStoppingStarted, Subject = "gateway", At = clock.Now + Duration.FromMinutes(1) }]);
                clock.Now += Duration.FromHours(1);
                if (outcome == 2)
                {
                    continue; // still upgrading
                }

                if (outcome == 3)
                {
                    await features.HostReports.MarkFailedAsync(record.Id, "failed");
                }
                else
                {
                    await features.HostReports.MarkStepsCompletedAsync(record.Id);
                    await features.Commands.CompleteAsync(record.Id, Alice);
                }
            }

            host.Down = random.Next(6) == 0;
            await features.Delivery.DeliverPendingNotificationsAsync();
            host.Down = false;
        }

        var retention = (IRetentionStore)store;
        var pinned = ids.Where(_ => random.Next(5) == 0).ToHashSet();
        foreach (var id in pinned)
        {
            Assert.True(await retention.SetPinnedAsync(id, pinned: true));
        }

        foreach (var notification in await store.ReadPendingAsync(1000))
        {
            undelivered.Add(notification.RecordId);
        }

        var records = (await store.ListAsync(new UpgradeRecordQuery { PageSize = 500 })).Items;
        var before = new Dictionary<UpgradeRecordId, Snapshot>();
        foreach (var record in records)
        {
            var events = await store.ReadEventsAsync(record.Id);
            var configuration = await ConfigurationProtectingStore_Inner(store).ReadConfigurationAsync(record.Id);
            var trail = await store.ReadAsync(record.Id);
            before[record.Id] = new Snapshot(record, trail.Count,
                [.. events.Select(e => e.Key).Order(StringComparer.Ordinal)], configuration?.Content.ToArray()) { AuditLines = [.. trail.Select(e => e.ToString())] };
        }

        var protectedIds = new HashSet<UpgradeRecordId>(pinned.Intersect(before.Keys));
        protectedIds.UnionWith(before.Values.Where(s => !s.Record.Status.IsTerminal()).Select(s => s.Record.Id));
        protectedIds.UnionWith(undelivered);
        if (before.Count > 0)
        {
            protectedIds.Add(before.Keys.Min());
        }

        if (before.Values.Where(s => s.Record.Status == UpgradeStatus.Succeeded).Select(s => s.Record.Id).Order().LastOrDefault() is { } latest && latest != default)
        {
            protectedIds.Add(latest);
        }

        var policy = new RetentionOptions
        {
            Enabled = true,
            FinishedRecordAge = Duration.FromDays(random.Next(1, 400)),
            MinimumFinishedRecords = random.Next(0, 6),
            BatchSize = random.Next(1, 5),
            MaxBatchesPerRun = 1000,
        };
        var now = clock.Now + Duration.FromDays(random.Next(0, 200));
        // Half the policies trim the change feed too (drawn last, so the histories stay those of earlier sessions).
        policy.ChangeFeedAge = random.Next(2) == 0 ? null : Duration.FromDays(random.Next(1, 400));
        var auditKept = new HashSet<UpgradeRecordId>(pinned.Intersect(before.Keys));
        auditKept.UnionWith(before.Values.Where(s => !s.Record.Status.IsTerminal()).Select(s => s.Record.Id));
        auditKept.UnionWith(undelivered);
        return new History(before, protectedIds, now, policy) { LastPosition = await store.ReadLastPositionAsync(), AuditKept = auditKept };
    }

    private static IUpgradeStore ConfigurationProtectingStore_Inner(IUpgradeStore store) =>
        store is ConfigurationProtectingStore protecting ? protecting.Inner : store;

    private sealed class FixedClock(Instant now) : IClock
    {
        public Instant Now { get; set; } = now;

        public Instant GetCurrentInstant() => Now;
    }

    private sealed class SwitchableHandler : IUpgradeNotificationHandler
    {
        public bool Down { get; set; }

        public Task HandleAsync(UpgradeNotification notification, CancellationToken cancellationToken) =>
            Down ? throw new InvalidOperationException("host down") : Task.CompletedTask;
    }

    private sealed class SimulatedCrashException() : Exception("simulated crash");

    /// <summary>An archive that stops the run once, at the chosen point of the first batch.</summary>
    private sealed class CrashingArchive(IRetentionArchive inner, CrashPoint crash) : IRetentionArchive
    {
        public async Task<IReadOnlyList<RetentionArchiveFile>> WriteBatchAsync(RetentionArchiveBatch batch, CancellationToken cancellationToken = default)
        {
            if (crash == CrashPoint.BeforeArchive)
            {
                throw new SimulatedCrashException();
            }

            var files = await inner.WriteBatchAsync(batch, cancellationToken);
            return crash == CrashPoint.AfterArchive ? throw new SimulatedCrashException() : files;
        }

        public Task<IReadOnlyList<RetentionArchiveBatchInfo>> ReadUnconfirmedBatchesAsync(CancellationToken cancellationToken = default) =>
            inner.ReadUnconfirmedBatchesAsync(cancellationToken);

        public Task ConfirmRemovedAsync(Guid batchId, IReadOnlyCollection<UpgradeRecordId> removed, CancellationToken cancellationToken = default) =>
            crash == CrashPoint.AfterRemove ? throw new SimulatedCrashException() : inner.ConfirmRemovedAsync(batchId, removed, cancellationToken);

        public async Task<IReadOnlyList<RetentionArchiveFile>> WriteAuditBatchAsync(RetentionAuditArchiveBatch batch, CancellationToken cancellationToken = default)
        {
            if (crash == CrashPoint.BeforeAuditArchive)
            {
                throw new SimulatedCrashException();
            }

            var files = await inner.WriteAuditBatchAsync(batch, cancellationToken);
            return crash == CrashPoint.AfterAuditArchive ? throw new SimulatedCrashException() : files;
        }

        public Task ConfirmAuditEntriesRemovedAsync(Guid batchId, IReadOnlyCollection<string> removed, CancellationToken cancellationToken = default) =>
            crash == CrashPoint.AfterAuditRemove ? throw new SimulatedCrashException() : inner.ConfirmAuditEntriesRemovedAsync(batchId, removed, cancellationToken);
    }
}
