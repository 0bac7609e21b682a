using Dataphin.UpgradeKit.Storage;
using Dataphin.UpgradeKit.Storage.Shared;
using Npgsql;

namespace Dataphin.UpgradeKit.PostgreSql;

/// <summary>
/// One <c>LISTEN</c> connection per store, opened when the first watcher subscribes: every notification on
/// <see cref="PostgreSqlDialect.ChangesChannel"/> (a change committed by any instance on the database) wakes this
/// instance's watchers, which then read the feed after their position (R-LIVE-1). When the connection is lost the
/// listener wakes the watchers (they catch up from their positions), waits <see cref="ReconnectDelay"/>, opens a new
/// connection, listens again and wakes them once more, so a change committed while nobody listened is read then: nothing
/// is lost, it only arrives later.
/// </summary>
internal sealed class PostgreSqlChangeListener : IAsyncDisposable
{
    /// <summary>How long the listener waits before it reconnects after losing its connection.</summary>
    public static readonly TimeSpan ReconnectDelay = TimeSpan.FromSeconds(1);

    // A connection silently cut (no FIN, a NAT dropping it) is found by a round trip this often while idle.
    private static readonly TimeSpan IdleCheck = TimeSpan.FromSeconds(15);

    private readonly NpgsqlDataSource _dataSource;
    private readonly RecordChangeSignal _signal;
    private readonly RelationalStoreLog _log;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();
    private Task? _loop;

    public PostgreSqlChangeListener(NpgsqlDataSource dataSource, RecordChangeSignal signal, RelationalStoreLog log)
    {
        _dataSource = dataSource;
        _signal = signal;
        _log = log;
    }

    /// <summary>Subscribes <paramref name="onCommitted"/> and starts listening if nobody did yet.</summary>
    public IDisposable Subscribe(Action onCommitted)
    {
        var subscription = _signal.Subscribe(onCommitted);
        lock (_gate)
        {
            if (_loop is null && !_stop.IsCancellationRequested)
            {
                _loop = Task.Run(() => ListenAsync(_stop.Token));
            }
        }

        return subscription;
    }

    public async ValueTask DisposeAsync()
    {
        Task? loop;
        lock (_gate)
        {
            loop = _loop;
            _stop.Cancel();
        }

        if (loop is not null)
        {
            await loop.ConfigureAwait(false);
        }

        _stop.Dispose();
    }

    private async Task ListenAsync(CancellationToken stop)
    {
        for (var attempt = 1; !stop.IsCancellationRequested; attempt++)
        {
            try
            {
                await using var connection = await _dataSource.OpenConnectionAsync(stop).ConfigureAwait(false);
                connection.Notification += (_, _) => _signal.Notify();
                await using (var listen = new NpgsqlCommand("LISTEN " + PostgreSqlDialect.ChangesChannel, connection))
                {
                    await listen.ExecuteNonQueryAsync(stop).ConfigureAwait(false);
                }

                _log.ChangesListening(attempt);
                attempt = 0;

                // Whatever committed while nobody listened (first start, or a reconnect) is read now.
                _signal.Notify();
                while (true)
                {
                    if (!await connection.WaitAsync(IdleCheck, stop).ConfigureAwait(false))
                    {
                        await using var ping = new NpgsqlCommand("SELECT 1", connection);
                        await ping.ExecuteScalarAsync(stop).ConfigureAwait(false);
                    }
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // Any failure of the listening connection is survived the same way: reconnect, then catch up.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                _log.ChangesListenerLost(ex, ReconnectDelay);
                _signal.Notify();
            }

            try
            {
                await Task.Delay(ReconnectDelay, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
