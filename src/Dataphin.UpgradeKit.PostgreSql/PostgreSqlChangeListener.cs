using Dataphin.UpgradeKit.Storage;
using Dataphin.UpgradeKit.Relational;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Dataphin.UpgradeKit.PostgreSql;

/// <summary>
/// One <c>LISTEN</c> connection per store, opened when the first watcher subscribes: every notification on
/// <see cref="PostgreSqlDialect.ChangesChannel"/> (a change committed by any instance on the database) wakes this
/// instance's watchers, which then read the feed after their position (R-LIVE-1). When the connection is lost the
/// listener wakes the watchers (they catch up from their positions), waits <see cref="ReconnectDelay"/>, opens a new
/// connection, listens again and wakes them once more, so a change committed while nobody listened is read then: nothing
/// is lost, it only arrives later. While the server stays down it tries again every <see cref="ReconnectDelay"/>; the
/// loss is logged once, each failed attempt at debug level, and the end of the outage once.
/// </summary>
internal sealed class PostgreSqlChangeListener : IAsyncDisposable
{
    /// <summary>How long the listener waits before it reconnects after losing its connection (tests shorten it).</summary>
    public TimeSpan ReconnectDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// A connection silently cut (no FIN, a NAT dropping it) is found by a round trip (<c>SELECT 1</c>) this often while
    /// idle (tests shorten it).
    /// </summary>
    public TimeSpan IdleCheck { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Called with the attempt number each time the connection listens (tests wait on it).</summary>
    public Action<int>? Listening { get; init; }

    /// <summary>Called after each idle round trip succeeded (tests wait on it).</summary>
    public Action? Pinged { get; init; }

    private readonly NpgsqlDataSource _dataSource;
    private readonly RecordChangeSignal _signal;
    private readonly RelationalStoreLog _log;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();
    private Task? _loop;

    public PostgreSqlChangeListener(NpgsqlDataSource dataSource, RecordChangeSignal signal, RelationalStoreLog log, ILogger logger)
    {
        _dataSource = dataSource;
        _signal = signal;
        _log = log;
        _logger = logger;
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
        // The outage in progress: when the connection was lost (0 while listening), and failed attempts since.
        var lostAt = 0L;
        var failedAttempts = 0;
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
                if (lostAt != 0)
                {
                    PostgreSqlLog.ListeningAgain(_logger, failedAttempts, Stopwatch.GetElapsedTime(lostAt));
                    lostAt = 0;
                    failedAttempts = 0;
                }

                Listening?.Invoke(attempt);
                attempt = 0;

                // Whatever committed while nobody listened (first start, or a reconnect) is read now.
                _signal.Notify();
                while (true)
                {
                    if (!await connection.WaitAsync(IdleCheck, stop).ConfigureAwait(false))
                    {
                        await using var ping = new NpgsqlCommand("SELECT 1", connection);
                        await ping.ExecuteScalarAsync(stop).ConfigureAwait(false);
                        Pinged?.Invoke();
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
                if (lostAt == 0)
                {
                    // Once per outage: the watchers read once (a change may have come before the loss was noticed);
                    // while the server stays down, their reads would fail, so they are not woken again until it listens.
                    lostAt = Stopwatch.GetTimestamp();
                    _log.ChangesListenerLost(ex, ReconnectDelay);
                    _signal.Notify();
                }
                else
                {
                    failedAttempts++;
                    PostgreSqlLog.ReconnectFailed(_logger, ex, failedAttempts, ReconnectDelay);
                }
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
