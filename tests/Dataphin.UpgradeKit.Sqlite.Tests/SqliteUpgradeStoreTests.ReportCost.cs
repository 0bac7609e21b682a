using System.Globalization;
using Dataphin.UpgradeKit.Timeline;
using Microsoft.Data.Sqlite;
using NodaTime;
using Xunit;

namespace Dataphin.UpgradeKit.Sqlite.Tests;

public sealed partial class SqliteUpgradeStoreTests
{
    /// <summary>
    /// R-TIME-11 counted in what a durable commit writes rather than in time, which a loaded machine blurs: the pages a
    /// report of 10 events adds to the write-ahead log are about those of the same report to an empty stream, however
    /// many events the record holds. With the version-1 key (record_id, event_key), a SHA-256, the 10 events landed on
    /// about 10 random leaves of a 10,000-event record's index: about 10 pages more per report.
    /// </summary>
    [Fact]
    public async Task AppendEvents_StreamOf10000Events_WritesAboutThePagesOfAReportToAnEmptyStream_R_TIME_11()
    {
        using var store = _database.OpenStore(configure: o =>
        {
            o.CheckpointAfterWrites = int.MaxValue; // only this test's own checkpoints empty the log
            o.CheckpointInterval = TimeSpan.FromDays(1);
        });
        var start = Instant.FromUtc(2026, 3, 1, 8, 0);
        var next = 0L;
        // Ten services reported many times; starts go ever earlier and ends ever later, so nothing is refused (R-TIME-2).
        TimelineEvent[] Events(int count) => Enumerable.Range(0, count).Select(_ => ++next).Select(n => n % 2 == 0
            ? new TimelineEvent { Kind = TimelineEventKind.ServiceStartingStarted, Subject = "svc-" + (n % 10), At = start - Duration.FromMilliseconds(n) }
            : new TimelineEvent { Kind = TimelineEventKind.ServiceStartingFinished, Subject = "svc-" + (n % 10), At = start + Duration.FromMilliseconds(n) }).ToArray();
        var full = UpgradeRecordId.New(start);
        for (var batch = 0; batch < 10; batch++)
        {
            Assert.Equal(1_000, await store.AppendEventsAsync(full, Events(1_000)));
        }

        // SQLite removes the -wal file when the last connection to the database closes. That happened under this test
        // (FileNotFoundException for upgrades.db-wal in CI) because other tests cleared every connection pool of the
        // process; they no longer do (issue 22 item 8). The pool also closes connections that sat idle for minutes, so a
        // connection of this test's own keeps the log in place while it counts.
        await using var keepsTheLog = new SqliteConnection($"Data Source={_database.PathOf()};Pooling=False");
        await keepsTheLog.OpenAsync();
        var toEmpty = new List<long>();
        var toFull = new List<long>();
        for (var report = 0; report < 20; report++)
        {
            toEmpty.Add(await WalPagesWrittenByAsync(() => store.AppendEventsAsync(UpgradeRecordId.New(start), Events(10))));
            toFull.Add(await WalPagesWrittenByAsync(() => store.AppendEventsAsync(full, Events(10))));
        }

        // Measured here: about 11 pages to an empty stream; to 10,000 events about 21 with the version-1 key and about 14
        // with the time-ordered one, whose starts and ends land at the two ends of the record's range (each end splits
        // its leaf now and then). The bound lies between the two.
        Assert.True(toFull.Sum() <= toEmpty.Sum() + 6 * toFull.Count,
            $"pages per report to 10,000 events: {string.Join(", ", toFull)}; to an empty stream: {string.Join(", ", toEmpty)}");
    }

    private async Task<long> WalPagesWrittenByAsync(Func<Task<int>> report)
    {
        Assert.Equal("0", await ScalarAsync("PRAGMA wal_checkpoint(TRUNCATE)")); // 0: not busy, the log is now empty
        Assert.Equal(10, await report());
        var pageSize = long.Parse(await ScalarAsync("PRAGMA page_size") ?? "", CultureInfo.InvariantCulture);
        const long WalHeader = 32, FrameHeader = 24;
        return (new FileInfo(_database.PathOf() + "-wal").Length - WalHeader) / (pageSize + FrameHeader);
    }
}
