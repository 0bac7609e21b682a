using System.Diagnostics;
using System.Globalization;
using Dataphin.UpgradeKit.Commands;
using Dataphin.UpgradeKit.Live;
using Dataphin.UpgradeKit.Operators;
using Dataphin.UpgradeKit.Projections;
using Dataphin.UpgradeKit.Storage;
using Dataphin.UpgradeKit.Testing.HostTools;
using Dataphin.UpgradeKit.Testing.Storage;
using Dataphin.UpgradeKit.Timeline;
using NodaTime;
using NodaTime.Testing;
using Npgsql;
using Microsoft.Extensions.Time.Testing;
using Xunit;
using Xunit.Abstractions;

namespace Dataphin.UpgradeKit.PostgreSql.Tests;

/// <summary>
/// Two host instances on one database, each with its own store (connection pool and LISTEN connection): a change made
/// through one reaches a watcher on the other (R-LIVE-1), and a lost listening connection loses no change (R-LIVE-2).
/// </summary>
[Collection(PostgreSqlClusterDefinition.Name)]
[RequiresPostgreSqlServer]
public sealed class PostgreSqlWatchTests(PostgreSqlClusterFixture cluster, ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly OperatorIdentity Bob = new("bob");
    private static readonly DisplayContext Display = new(DateTimeZone.Utc, CultureInfo.InvariantCulture);
    private readonly FakeClock _clock = new(Instant.FromUtc(2026, 3, 1, 8, 0), Duration.FromMilliseconds(10));
    private string _connectionString = null!;
    private PostgreSqlUpgradeStore _storeA = null!;
    private PostgreSqlUpgradeStore _storeB = null!;
    private UpgradeKitFeatures _hostA = null!;
    private UpgradeKitFeatures _hostB = null!;

    public async Task InitializeAsync()
    {
        _connectionString = await cluster.CreateDatabaseAsync();
        _storeA = PostgreSqlUpgradeStore.Create(_connectionString + ";Application Name=host-a");
        _storeB = PostgreSqlUpgradeStore.Create(_connectionString + ";Application Name=host-b");
        _hostA = new UpgradeKitFeatures(_storeA, _clock);
        _hostB = new UpgradeKitFeatures(_storeB, _clock);
    }

    public async Task DisposeAsync()
    {
        await _storeA.DisposeAsync();
        await _storeB.DisposeAsync();
    }

    /// <summary>
    /// Ten changes made through host A each reach a watcher of host B (R-LIVE-1) through host B's LISTEN connection: the
    /// watch runs on a fake time provider that never advances, so its idle poll never fires and only a notification can
    /// wake it. No wall-clock bound; the latencies are printed.
    /// </summary>
    [StoreFact]
    public async Task WatchRecord_ChangeThroughOtherInstance_R_LIVE_1_ArrivesThroughTheNotification()
    {
        _hostB.Watches.WatchTime = new FakeTimeProvider();
        var record = await _hostA.Commands.CreateAsync(Request(), Bob);
        await _hostA.HostReports.StartAsync(record.Id);
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var watch = _hostB.Watches.WatchRecordAsync(record.Id, Bob, Display, cancellationToken: bound.Token).GetAsyncEnumerator(bound.Token);
        Assert.True(await watch.MoveNextAsync());
        Assert.Equal(RecordChangeKind.Snapshot, watch.Current.Kind);

        var latencies = new List<double>();
        for (var i = 0; i < 10; i++)
        {
            await _hostA.HostReports.ReportTimelineEventsAsync(record.Id, [new TimelineEvent { Kind = TimelineEventKind.ServiceStoppingStarted, Subject = $"svc-{i}", At = _clock.GetCurrentInstant() }]);
            var committed = Stopwatch.StartNew();
            Assert.True(await watch.MoveNextAsync());
            latencies.Add(committed.Elapsed.TotalMilliseconds);
            Assert.Equal(RecordChangeKind.TimelineAppended, watch.Current.Kind);
        }

        await _hostA.Commands.StopAsync(record.Id, Bob, new Lifecycle.StopOptions(RerunForceStoppedInstances: true));
        Assert.True(await watch.MoveNextAsync());
        Assert.Equal(UpgradeStatus.Stopped, watch.Current.Row!.Status.Code);
        latencies.Sort();
        output.WriteLine($"commit on A to item on B: median {latencies[latencies.Count / 2]:F1} ms, max {latencies[^1]:F1} ms");
    }

    /// <summary>
    /// Host B's listening connection is killed while host A keeps changing the record: B's watcher reconnects, catches up
    /// from its position, and sees every change once, in order (R-LIVE-2).
    /// </summary>
    [StoreFact]
    public async Task WatchRecords_ListeningConnectionKilled_R_LIVE_2_MissesNoChange()
    {
        var record = await _hostA.Commands.CreateAsync(Request(), Bob);
        await _hostA.HostReports.StartAsync(record.Id);
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var seen = new List<RecordWatchEvent>();
        const int Changes = 20;

        // The watch resumes from a position read before any of the changes: a watch "from now" reads its position after
        // it subscribed, and on a loaded machine the first change could commit before that read and never be expected.
        var start = await _storeA.ReadLastPositionAsync(bound.Token);
        var watching = Task.Run(async () =>
        {
            await foreach (var w in _hostB.Watches.WatchRecordsAsync(Bob, Display, start, bound.Token))
            {
                seen.Add(w);
                if (seen.Count == Changes)
                {
                    return;
                }
            }
        });
        await WaitForListenerAsync(bound.Token);

        for (var i = 0; i < Changes; i++)
        {
            if (i == Changes / 2)
            {
                await using var admin = new NpgsqlConnection(_connectionString);
                await admin.OpenAsync();
                await using var kill = new NpgsqlCommand(
                    "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = 'host-b' AND query LIKE 'LISTEN%'", admin);
                Assert.Equal(1L, await kill.ExecuteScalarAsync());
            }

            await _hostA.HostReports.ReportTimelineEventsAsync(record.Id, [new TimelineEvent { Kind = TimelineEventKind.ServiceStoppingStarted, Subject = $"svc-{i}", At = _clock.GetCurrentInstant() }]);
        }

        await watching.WaitAsync(bound.Token);
        var changes = seen;
        Assert.Equal(Changes, changes.Count);
        Assert.All(changes, c => Assert.Equal(RecordChangeKind.TimelineAppended, c.Kind));
        Assert.True(changes.Zip(changes.Skip(1)).All(p => p.First.Position < p.Second.Position), "in order, none twice");
        Assert.Equal((await _storeA.ReadChangesAsync(start, 100)).Select(c => c.Position), changes.Select(c => c.Position));
    }

    /// <summary>
    /// A host trimmed the feed (<c>DELETE FROM record_changes</c>, docs/live.md): a watch resumed after a position whose
    /// following changes are gone fails typed before it yields anything, rather than going on with a gap; resumed after a
    /// position the feed still follows, it yields the changes kept, in order (R-LIVE-2).
    /// </summary>
    [StoreFact]
    public async Task Watch_ResumedAfterTrimmedPosition_R_LIVE_2_FailsTypedInsteadOfSkippingChanges()
    {
        var record = await _hostA.Commands.CreateAsync(Request(), Bob);
        await _hostA.HostReports.StartAsync(record.Id);
        var created = await _storeA.ReadLastPositionAsync();
        for (var i = 0; i < 4; i++)
        {
            await _hostA.HostReports.ReportTimelineEventsAsync(record.Id, [new TimelineEvent { Kind = TimelineEventKind.ServiceStoppingStarted, Subject = $"svc-{i}", At = _clock.GetCurrentInstant() }]);
        }

        var last = await _storeA.ReadLastPositionAsync();
        await using (var admin = new NpgsqlConnection(_connectionString))
        {
            await admin.OpenAsync();
            await using var trim = new NpgsqlCommand("DELETE FROM record_changes WHERE seq < @keepFrom", admin);
            trim.Parameters.AddWithValue("keepFrom", last - 1);
            Assert.True(await trim.ExecuteNonQueryAsync() > 0);
        }

        var oldest = (await _storeB.ReadChangesAsync(0, 1))[0].Position;
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var list = await Assert.ThrowsAsync<WatchPositionTrimmedException>(async () =>
        {
            await foreach (var _ in _hostB.Watches.WatchRecordsAsync(Bob, Display, created, bound.Token))
            {
                Assert.Fail("a watch from a trimmed position yielded a change");
            }
        });
        Assert.Equal((created, oldest), (list.AfterPosition, list.OldestPosition));
        await Assert.ThrowsAsync<WatchPositionTrimmedException>(async () =>
        {
            await foreach (var _ in _hostB.Watches.WatchRecordAsync(record.Id, Bob, Display, created, bound.Token))
            {
                Assert.Fail("a watch from a trimmed position yielded a change");
            }
        });

        await _hostB.Watches.CheckWatchPositionAsync(oldest - 1, bound.Token);
        var kept = new List<long>();
        await foreach (var change in _hostB.Watches.WatchRecordAsync(record.Id, Bob, Display, oldest - 1, bound.Token))
        {
            kept.Add(change.Position);
            if (change.Position == last)
            {
                break;
            }
        }

        Assert.Equal((await _storeB.ReadChangesAsync(oldest - 1, 10)).Select(c => c.Position), kept);
    }

    private async Task WaitForListenerAsync(CancellationToken cancellationToken)
    {
        await using var admin = new NpgsqlConnection(_connectionString);
        await admin.OpenAsync(cancellationToken);
        while (true)
        {
            await using var probe = new NpgsqlCommand(
                "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'host-b' AND query LIKE 'LISTEN%'", admin);
            if ((long)(await probe.ExecuteScalarAsync(cancellationToken))! > 0)
            {
                return;
            }

            await Task.Delay(20, cancellationToken);
        }
    }

    private static NewUpgradeRequest Request() =>
        new NewUpgradeRequest
        {
            TargetVersion = ProductVersion.Parse("V5.1.0"), InitialVersion = ProductVersion.Parse("V4.3.0"),
            Mode = UpgradeMode.Maintenance, DataServiceStudioMode = DataServiceStudioUpgradeMode.UpgradeTogether,
        };
}
