using Dataphin.UpgradeKit.Commands;
using Dataphin.UpgradeKit.Operators;
using Dataphin.UpgradeKit.Retention;
using Dataphin.UpgradeKit.Storage;
using NodaTime;
using Xunit;

namespace Dataphin.UpgradeKit.Testing.HostTools;

/// <summary>
/// Retention's change-feed period (R-RET-1, R-LIVE-2), checked the same way on every store: rows older than the period
/// go as a prefix of the feed, the newest row always stays, records stay, and a watcher positioned before the trimmed
/// rows is told so (the events stream's 410) instead of missing changes.
/// </summary>
public static class RetentionPeriodChecks
{
    private static readonly OperatorIdentity Alice = new("alice", "Alice");

    /// <summary>A clock the check moves; give it to the store too, so that it stamps its change rows with it.</summary>
    public sealed class SettableClock(Instant now) : IClock
    {
        /// <summary>The time the clock answers.</summary>
        public Instant Now { get; set; } = now;

        /// <inheritdoc />
        public Instant GetCurrentInstant() => Now;
    }

    /// <summary>
    /// On an empty <paramref name="store"/> stamped by <paramref name="clock"/>: changes of one record, then eight days
    /// later of another; retention with a seven-day change-feed period trims the first record's rows only, then, a month
    /// on, everything but the newest row.
    /// </summary>
    public static async Task AssertChangeFeedTrimmedToItsPeriodAsync(IUpgradeStore store, SettableClock clock, string archiveDirectory)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(clock);
        var features = new UpgradeKitFeatures(store, clock);
        var start = clock.Now;
        var first = await features.Commands.CreateAsync(Request(), Alice);
        await features.Commands.SaveConfigurationAsync(first.Id, new ConfigurationFile("upgrade.yaml", "first: 1\n"u8.ToArray(), clock.Now), Alice);
        var afterFirst = await store.ReadLastPositionAsync();
        using var archive = new FileSystemRetentionArchive(archiveDirectory);
        var retention = new UpgradeRetention(store, archive, clock, new UpgradeKitOptions
        {
            Retention = new RetentionOptions { Enabled = true, ChangeFeedAge = Duration.FromDays(7), FinishedRecordAge = Duration.FromDays(3650) },
        });

        clock.Now += Duration.FromHours(1);
        Assert.Equal(0, (await retention.RunOnceAsync()).RemovedRecords);
        await features.Watches.CheckWatchPositionAsync(0); // inside the period: nothing trimmed

        clock.Now = start + Duration.FromDays(8);
        var second = await features.Commands.CreateAsync(Request(), Alice);
        await features.Commands.SaveConfigurationAsync(second.Id, new ConfigurationFile("upgrade.yaml", "second: 2\n"u8.ToArray(), clock.Now), Alice);
        var secondChanges = await store.ReadChangesAsync(afterFirst, 100, null);
        clock.Now += Duration.FromHours(1);
        var run = await retention.RunOnceAsync();

        Assert.Equal(0, run.RemovedRecords);
        var trimmed = await Assert.ThrowsAsync<WatchPositionTrimmedException>(() => features.Watches.CheckWatchPositionAsync(0));
        Assert.Equal(secondChanges[0].Position, trimmed.OldestPosition);
        await features.Watches.CheckWatchPositionAsync(afterFirst); // a watcher past the trimmed rows goes on
        Assert.Equal(secondChanges, await store.ReadChangesAsync(0, 100, null));
        Assert.NotNull(await store.FindAsync(first.Id)); // the feed has its own period: the record stays
        Assert.NotNull(await store.FindAsync(second.Id));
        if (store is IRetentionRunLog)
        {
            Assert.Equal((int)afterFirst, (await retention.ReadRunsAsync(1))[0].ChangeRows);
        }

        // A month on every row is old: all but the newest go, so a watcher at the last position still resumes.
        clock.Now += Duration.FromDays(30);
        var last = await store.ReadLastPositionAsync();
        await retention.RunOnceAsync();

        Assert.Equal([last], (await store.ReadChangesAsync(0, 100, null)).Select(c => c.Position));
        Assert.Equal(last, await store.ReadLastPositionAsync());
        await features.Watches.CheckWatchPositionAsync(last);
        await Assert.ThrowsAsync<WatchPositionTrimmedException>(() => features.Watches.CheckWatchPositionAsync(afterFirst));
    }

    /// <summary>
    /// A version-2 database upgraded in place (its feed's rows have no time): they count as older than any period, so
    /// the first trim removes all but the newest; a change written after the upgrade has its time.
    /// </summary>
    /// <param name="store">The upgraded store, stamped by <paramref name="clock"/>.</param>
    /// <param name="clock">The store's clock.</param>
    /// <param name="archiveDirectory">A new directory for the archive.</param>
    /// <param name="scalar">Runs a SQL query on the database and answers its one number.</param>
    public static async Task AssertVersionTwoFeedTrimmedAsync(IUpgradeStore store, SettableClock clock, string archiveDirectory, Func<string, Task<long>> scalar)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(scalar);
        Assert.Equal(90, await scalar("SELECT count(*) FROM record_changes WHERE changed_at IS NULL"));
        var last = await store.ReadLastPositionAsync();
        var records = await scalar("SELECT count(*) FROM upgrade_records");
        using var archive = new FileSystemRetentionArchive(archiveDirectory);
        var retention = new UpgradeRetention(store, archive, clock, new UpgradeKitOptions
        {
            Retention = new RetentionOptions { Enabled = true, ChangeFeedAge = Duration.FromDays(1), FinishedRecordAge = Duration.FromDays(36500) },
        });

        var run = await retention.RunOnceAsync();

        Assert.Equal(0, run.RemovedRecords);
        Assert.Equal(records, await scalar("SELECT count(*) FROM upgrade_records"));
        Assert.Equal(1, await scalar("SELECT count(*) FROM record_changes"));
        Assert.Equal(last, await scalar("SELECT max(seq) FROM record_changes"));
        var features = new UpgradeKitFeatures(store, clock);
        await Assert.ThrowsAsync<WatchPositionTrimmedException>(() => features.Watches.CheckWatchPositionAsync(0));
        await features.Watches.CheckWatchPositionAsync(last);

        await features.Commands.CreateAsync(Request(), Alice);
        Assert.Equal(clock.Now.ToUnixTimeTicks(), await scalar("SELECT changed_at FROM record_changes WHERE seq = (SELECT max(seq) FROM record_changes)"));
    }

    private static NewUpgradeRequest Request() => new()
    {
        TargetVersion = ProductVersion.Parse("V5.1.0"),
        InitialVersion = ProductVersion.Parse("V5.0.0"),
        Mode = UpgradeMode.Maintenance,
        DataServiceStudioMode = DataServiceStudioUpgradeMode.UpgradeTogether,
    };
}
