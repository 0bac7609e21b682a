using System.Globalization;
using System.Threading.Channels;
using Dataphin.UpgradeKit.Commands;
using Dataphin.UpgradeKit.Operators;
using Dataphin.UpgradeKit.Projections;
using Dataphin.UpgradeKit.Storage;
using Dataphin.UpgradeKit.Testing.HostTools;
using Dataphin.UpgradeKit.Testing.Storage;
using Microsoft.Extensions.Time.Testing;
using NodaTime;
using NodaTime.Testing;
using Npgsql;
using Xunit;

namespace Dataphin.UpgradeKit.PostgreSql.Tests;

/// <summary>
/// The store's LISTEN connection (issue 24 item 5). Host B's watches run on a fake time provider that never advances, so
/// their 2-second idle poll never fires: a change committed by host A can reach them only through a notification on a
/// listening connection.
/// </summary>
[Collection(PostgreSqlClusterDefinition.Name)]
[RequiresPostgreSqlServer]
public sealed class PostgreSqlListenerTests(PostgreSqlClusterFixture cluster) : IAsyncLifetime
{
    private static readonly OperatorIdentity Bob = new("bob");
    private static readonly DisplayContext Display = new(DateTimeZone.Utc, CultureInfo.InvariantCulture);
    private readonly FakeClock _clock = new(Instant.FromUtc(2026, 3, 1, 8, 0), Duration.FromMilliseconds(10));
    private readonly Channel<int> _listening = Channel.CreateUnbounded<int>();
    private readonly Channel<bool> _pinged = Channel.CreateUnbounded<bool>();
    private string _connectionString = null!;
    private PostgreSqlUpgradeStore _storeA = null!;
    private PostgreSqlUpgradeStore _storeB = null!;
    private UpgradeKitFeatures _hostA = null!;
    private UpgradeKitFeatures _hostB = null!;

    public async Task InitializeAsync()
    {
        _connectionString = await cluster.CreateDatabaseAsync();
        _storeA = PostgreSqlUpgradeStore.Create(_connectionString + ";Application Name=listen-a");
        _storeB = PostgreSqlUpgradeStore.Create(_connectionString + ";Application Name=listen-b");
        _storeB.ListenerReconnectDelay = TimeSpan.FromMilliseconds(50);
        _storeB.ListenerListening = attempt => _listening.Writer.TryWrite(attempt);
        _storeB.ListenerPinged = () => _pinged.Writer.TryWrite(true);
        _hostA = new UpgradeKitFeatures(_storeA, _clock);
        _hostB = new UpgradeKitFeatures(_storeB, _clock) { Watches = { WatchTime = new FakeTimeProvider() } };
    }

    public async Task DisposeAsync()
    {
        await _storeA.DisposeAsync();
        await _storeB.DisposeAsync();
    }

    [StoreFact]
    public async Task Listener_ConnectionKilledThenChangeCommitted_R_LIVE_1_ChangeArrivesThroughTheReconnectedListen()
    {
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var from = await _storeA.ReadLastPositionAsync(bound.Token);
        await using var watch = _hostB.Watches.WatchRecordsAsync(Bob, Display, from, bound.Token).GetAsyncEnumerator(bound.Token);
        var next = watch.MoveNextAsync().AsTask();
        await _listening.Reader.ReadAsync(bound.Token);

        Assert.Equal(1L, await KillListenerAsync(bound.Token));
        await _listening.Reader.ReadAsync(bound.Token);
        var record = await _hostA.Commands.CreateAsync(Request(), Bob, bound.Token);

        Assert.True(await next);
        Assert.Equal((RecordChangeKind.Created, record.Id), (watch.Current.Kind, watch.Current.RecordId));
    }

    [StoreFact]
    public async Task Listener_Idle_R_LIVE_1_PingsItsConnectionAndStillDelivers()
    {
        await using var store = PostgreSqlUpgradeStore.Create(_connectionString + ";Application Name=listen-idle");
        store.ListenerIdleCheck = TimeSpan.FromMilliseconds(100);
        store.ListenerPinged = () => _pinged.Writer.TryWrite(true);
        var host = new UpgradeKitFeatures(store, _clock) { Watches = { WatchTime = new FakeTimeProvider() } };
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var from = await _storeA.ReadLastPositionAsync(bound.Token);
        await using var watch = host.Watches.WatchRecordsAsync(Bob, Display, from, bound.Token).GetAsyncEnumerator(bound.Token);
        var next = watch.MoveNextAsync().AsTask();

        // Two idle round trips on the listening connection, then a change still arrives through it.
        Assert.True(await _pinged.Reader.ReadAsync(bound.Token));
        Assert.True(await _pinged.Reader.ReadAsync(bound.Token));
        var record = await _hostA.Commands.CreateAsync(Request(), Bob, bound.Token);
        Assert.True(await next);
        Assert.Equal(record.Id, watch.Current.RecordId);
    }

    [StoreFact]
    public async Task Listener_DisposedDuringReconnectDelay_R_LIVE_1_StopsWithoutWaitingTheDelay()
    {
        var store = PostgreSqlUpgradeStore.Create(_connectionString + ";Application Name=listen-d");
        store.ListenerReconnectDelay = TimeSpan.FromHours(1);
        store.ListenerListening = _ => _listening.Writer.TryWrite(0);
        var host = new UpgradeKitFeatures(store, _clock) { Watches = { WatchTime = new FakeTimeProvider() } };
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var watching = new CancellationTokenSource();
        await using var watch = host.Watches.WatchRecordsAsync(Bob, Display, cancellationToken: watching.Token).GetAsyncEnumerator(watching.Token);
        var next = watch.MoveNextAsync().AsTask();
        await _listening.Reader.ReadAsync(bound.Token);
        Assert.Equal(1L, await KillListenerAsync(bound.Token, "listen-d"));

        // The listener is in its hour-long delay (or about to be): disposing the store ends it at once.
        await store.DisposeAsync().AsTask().WaitAsync(bound.Token);
        await watching.CancelAsync();

        // Cancelled, or ended by the disposed store if it read after the disposal: either way it ends, typed.
        var ended = await Assert.ThrowsAnyAsync<Exception>(() => next.WaitAsync(bound.Token));
        Assert.True(ended is OperationCanceledException or ObjectDisposedException, ended.ToString());
    }

    [StoreFact]
    public async Task Watch_BacklogOfMoreThanOneBatch_R_LIVE_2_DeliveredCompleteInOrder()
    {
        var from = await _hostB.Watches.GetWatchPositionAsync();
        const int Changes = 150; // over two batches of 64
        for (var i = 0; i < Changes; i++)
        {
            await _hostA.Commands.CreateAsync(Request(), Bob);
        }

        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var positions = new List<long>();
        await foreach (var change in _hostB.Watches.WatchRecordsAsync(Bob, Display, from, bound.Token))
        {
            positions.Add(change.Position);
            if (positions.Count == Changes)
            {
                break;
            }
        }

        var feed = new List<long>();
        for (var after = from; feed.Count < Changes;)
        {
            var page = await _storeA.ReadChangesAsync(after, 100);
            feed.AddRange(page.Select(c => c.Position));
            after = page[^1].Position;
        }

        Assert.Equal(feed, positions);
    }

    private async Task<long> KillListenerAsync(CancellationToken cancellationToken, string applicationName = "listen-b")
    {
        await using var admin = new NpgsqlConnection(_connectionString + ";Pooling=false");
        await admin.OpenAsync(cancellationToken);
        await using var kill = new NpgsqlCommand(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = @name AND query LIKE 'LISTEN%'", admin);
        kill.Parameters.AddWithValue("name", applicationName);
        return (long)(await kill.ExecuteScalarAsync(cancellationToken))!;
    }

    private static NewUpgradeRequest Request() => new NewUpgradeRequest
    {
        TargetVersion = ProductVersion.Parse("V5.1.0"), InitialVersion = ProductVersion.Parse("V4.3.0"),
        Mode = UpgradeMode.Maintenance, DataServiceStudioMode = DataServiceStudioUpgradeMode.UpgradeTogether,
    };
}
