using System.Data.Common;
using Dataphin.UpgradeKit.Storage.Shared;
using Microsoft.Data.Sqlite;

namespace Dataphin.UpgradeKit.Sqlite;

// R-STORE-4: the write-ahead log is cut back to journal_size_limit after every checkpoint (a connection pragma), and a
// truncating checkpoint gives its space back after a burst of writes and on a schedule while there are writes.
internal sealed partial class SqliteDialect
{
    // A checkpoint waits at most this long for readers to move on; busy, it is tried again later.
    private const string CheckpointWaitSql = "PRAGMA busy_timeout = 1000;";

    // Its own statement: setting busy_timeout answers a row too (the new value), which read as the checkpoint's "busy"
    // column made every checkpoint look refused, so that from the 1,000th write on every commit checkpointed again.
    private const string CheckpointSql = "PRAGMA wal_checkpoint(TRUNCATE);";

    private readonly int _checkpointAfterWrites;
    private readonly Timer? _checkpointTimer;
    private int _writesSinceCheckpoint;
    private volatile bool _disposed;

    public override async Task AfterCommitAsync(DbConnection connection)
    {
        if (_filePath is not null && Interlocked.Increment(ref _writesSinceCheckpoint) >= _checkpointAfterWrites)
        {
            await CheckpointAsync(connection).ConfigureAwait(false);
        }
    }

    /// <summary>The scheduled checkpoint: only when there were writes, and only when no write is running (it would queue behind none).</summary>
    private async Task RunScheduledCheckpointAsync()
    {
        if (_disposed || Volatile.Read(ref _writesSinceCheckpoint) == 0 || !await _writerQueue.WaitAsync(TimeSpan.Zero).ConfigureAwait(false))
        {
            return;
        }

        try
        {
            await using var connection = await OpenConnectionAsync(CancellationToken.None).ConfigureAwait(false);
            await CheckpointAsync(connection).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is SqliteException or StoreFault or IOException or InvalidOperationException)
        {
            Log?.CheckpointFailed(ex);
        }
        finally
        {
            _writerQueue.Release();
        }
    }

    /// <summary>Runs a truncating checkpoint on <paramref name="connection"/> (the writer's turn is held); never throws for SQLite's errors.</summary>
    private async Task CheckpointAsync(DbConnection connection)
    {
        try
        {
            var before = WalLength();
            await Sql.ExecuteAsync(connection, null, CheckpointWaitSql, CancellationToken.None).ConfigureAwait(false);
            await using (var command = Sql.Command(connection, null, CheckpointSql))
            {
                await using var reader = await command.ExecuteReaderAsync(CancellationToken.None).ConfigureAwait(false);
                // One row: busy (1 when readers kept it from finishing), log frames, checkpointed frames.
                if (await reader.ReadAsync().ConfigureAwait(false) && reader.GetInt64(0) != 0)
                {
                    return;
                }
            }

            Interlocked.Exchange(ref _writesSinceCheckpoint, 0);
            Log?.Checkpointed(before, WalLength());
        }
        catch (SqliteException ex)
        {
            Log?.CheckpointFailed(ex);
        }

        try
        {
            // The connection goes back to the pool: with the store's own lock wait again.
            await Sql.ExecuteAsync(connection, null, _connectionPragmas, CancellationToken.None).ConfigureAwait(false);
        }
        catch (SqliteException ex)
        {
            Log?.CheckpointFailed(ex);
        }
    }

    private long WalLength()
    {
        var wal = new FileInfo(_filePath + "-wal");
        return wal.Exists ? wal.Length : 0;
    }
}
