using Dataphin.UpgradeKit.Operators;
using Dataphin.UpgradeKit.Retention;
using Dataphin.UpgradeKit.Storage;
using NodaTime;
using Xunit;

namespace Dataphin.UpgradeKit.Testing.HostTools;

/// <summary>
/// Each retention run is kept (R-RET-2): who ran it, how it ended, and exactly what it removed, checked against the
/// database's own row counts and against the archive.
/// </summary>
public static class RetentionRunChecks
{
    /// <summary>
    /// Runs retention as <c>olga</c> over <paramref name="store"/> (every finished record older than a day may go) at
    /// <paramref name="now"/>, then again (nothing left: that run is not kept), and checks the one run kept.
    /// <paramref name="countRows"/> counts a table's rows in the database behind the store.
    /// </summary>
    public static async Task<RetentionRunEntry> AssertRunIsKeptWithWhatItRemovedAsync(IUpgradeStore store, string archiveDirectory, Instant now,
        Func<string, Task<long>> countRows)
    {
        ArgumentNullException.ThrowIfNull(countRows);
        var notificationsBefore = await countRows("notification_outbox");
        var changesBefore = await countRows("record_changes");
        var options = new UpgradeKitOptions
        {
            Retention = new RetentionOptions { Enabled = true, FinishedRecordAge = Duration.FromDays(1), MinimumFinishedRecords = 0, BatchSize = 3 },
        };
        var olga = new OperatorIdentity("olga", "Olga");
        RetentionRunResult result;
        IReadOnlyList<RetentionRunEntry> runs;
        using (var archive = new FileSystemRetentionArchive(archiveDirectory))
        {
            var retention = new UpgradeRetention(store, archive, new FixedClock(now), options);
            result = await retention.RunOnceAsync(olga);
            Assert.Equal(0, (await retention.RunOnceAsync(olga)).RemovedRecords);
            runs = await retention.ReadRunsAsync();
        }

        var run = Assert.Single(runs);
        Assert.True(result.RemovedRecords > 0, "the run removed nothing: the check would prove nothing");
        Assert.Equal((result.Batches > 0, "olga", RetentionRunOutcome.Removed, result.RemovedRecords, 0, result.Batches, now, now, (string?)null),
            (run.Batches > 0, run.Actor, run.Outcome, run.RemovedRecords, run.KeptRecords, run.Batches, run.StartedAt, run.FinishedAt, run.Error));
        Assert.Equal(result.Files.Select(f => f.Name).Distinct(StringComparer.Ordinal), run.Files);

        // The removal took the records' notifications and change rows, and added one Removed change per record.
        Assert.Equal(notificationsBefore - await countRows("notification_outbox"), run.Notifications);
        Assert.Equal(changesBefore - await countRows("record_changes") + result.RemovedRecords, run.ChangeRows);
        Assert.True(run.ChangeRows >= result.RemovedRecords, "every removed record had at least its creation's change row");

        // Audit entries and timeline events: what the archive holds.
        var audit = 0;
        var events = 0;
        await foreach (var archived in RetentionArchiveReader.ReadAsync(archiveDirectory))
        {
            audit += archived.AuditEntries.Count;
            events += archived.TimelineEvents.Count;
        }

        Assert.Equal((audit, events), (run.AuditEntries, run.TimelineEvents));
        return run;
    }

    private sealed class FixedClock(Instant now) : IClock
    {
        public Instant GetCurrentInstant() => now;
    }
}
