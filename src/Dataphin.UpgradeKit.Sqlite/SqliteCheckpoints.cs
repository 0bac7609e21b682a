using System.Data.Common;
using Dataphin.UpgradeKit.Relational;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Dataphin.UpgradeKit.Sqlite;

// R-STORE-4: the write-ahead log is cut back to journal_size_limit after every checkpoint (a connection pragma), and a
// truncating checkpoint gives its space back: as soon as the log has grown past JournalSizeLimit (checked after every
// commit and before every write), after a burst of writes, on a schedule while there are writes, and before the next
// write after a full disk. SQLite's own automatic checkpoint waits for 1,000 pages (4 MiB) and only rewinds the log
// without shrinking it: on a small volume the log alone filled the disk (issue 24, D5), and once full, no checkpoint
// ran again because none was due by count or time.
/// <summary>
/// The checkpoints of a SQLite store's write-ahead log: after commits, before writes, on a schedule, and after a full
/// disk; for a database file (an in-memory database has no log).
/// </summary>
internal sealed class SqliteCheckpoints : IDisposable
{
    // After a checkpoint that readers kept from finishing, the next size-triggered one waits this many writes, so that a
    // long reader (a backup, a sqlite3 shell) does not make every commit wait for it.
    private const int WritesBetweenBusyCheckpoints = 16;

    // A checkpoint waits at most this long for readers to move on; busy, it is tried again later.
    private const string CheckpointWaitSql = "PRAGMA busy_timeout = 1000;";

    // Its own statement: setting busy_timeout answers a row too (the new value), which read as the checkpoint's "busy"
    // column made every checkpoint look refused, so that from the 1,000th write on every commit checkpointed again.
    private const string CheckpointSql = "PRAGMA wal_checkpoint(TRUNCATE);";

    private readonly SqliteDialect _dialect;
    private readonly string? _filePath;
    private readonly SemaphoreSlim _writerQueue;
    private readonly string _connectionPragmas;
    private readonly int _checkpointAfterWrites;
    private readonly Timer? _checkpointTimer;
    private readonly long _journalSizeLimit;
    private int _writesSinceCheckpoint;
    private int _nextSizeCheckpointAt;
    private volatile bool _checkpointDue;
    private volatile bool _diskFull;
    private volatile bool _disposed;

    /// <param name="dialect">The store's dialect: its connections, its file's identity and its logs.</param>
    /// <param name="filePath">The database file, or null for an in-memory database (no checkpoints then).</param>
    /// <param name="writerQueue">The writers' turn, which a checkpoint holds.</param>
    /// <param name="connectionPragmas">The connection's own settings, set again after a checkpoint.</param>
    /// <param name="options">The cadence and the log's limit.</param>
    public SqliteCheckpoints(SqliteDialect dialect, string? filePath, SemaphoreSlim writerQueue, string connectionPragmas, SqliteUpgradeStoreOptions options)
    {
        _dialect = dialect;
        _filePath = filePath;
        _writerQueue = writerQueue;
        _connectionPragmas = connectionPragmas;
        _checkpointAfterWrites = options.CheckpointAfterWrites;
        _journalSizeLimit = options.JournalSizeLimit;
        _checkpointTimer = filePath is null ? null : new Timer(_ => _ = RunScheduledCheckpointAsync(), null, options.CheckpointInterval, options.CheckpointInterval);
    }

    private ILogger Logger => _dialect.Logger;

    private string Location => _dialect.Location;

    private RelationalStoreLog? Log => _dialect.Log;

    /// <summary>After a commit: a checkpoint when enough writes ran or the log is over its limit.</summary>
    public async Task AfterCommitAsync(DbConnection connection)
    {
        if (_filePath is null)
        {
            return;
        }

        if (_diskFull)
        {
            _diskFull = false;
            SqliteStoreLog.RecoveredFromFullDisk(Logger, Location);
        }

        var writes = Interlocked.Increment(ref _writesSinceCheckpoint);
        if (writes >= _checkpointAfterWrites || LogOverLimit(writes))
        {
            await CheckpointAsync(connection).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Before a write (its turn held, no transaction open yet): a truncating checkpoint when the last write found the disk
    /// full or the log is over its limit, so that the write finds the log's space given back.
    /// </summary>
    public async Task BeforeWriteAsync(DbConnection connection)
    {
        if (_filePath is not null && (_checkpointDue || LogOverLimit(Volatile.Read(ref _writesSinceCheckpoint))))
        {
            await CheckpointAsync(connection).ConfigureAwait(false);
        }
    }

    /// <summary>After a failure: a full disk makes a checkpoint due before the next write.</summary>
    public void Failed(Exception exception)
    {
        if (exception is SqliteException { SqliteErrorCode: SqliteDialect.SqliteFull } or SqliteException { SqliteExtendedErrorCode: SqliteDialect.SqliteIoErrorShmSize })
        {
            // The disk is full: the log's space is what the store can give back by itself, before the next write.
            _checkpointDue = true;
            if (!_diskFull)
            {
                _diskFull = true;
                SqliteStoreLog.DiskFull(Logger, Location);
            }
        }
    }

    private bool LogOverLimit(int writesSinceCheckpoint) =>
        writesSinceCheckpoint >= Volatile.Read(ref _nextSizeCheckpointAt) && WalLength() > _journalSizeLimit;

    /// <summary>The scheduled checkpoint: only when there were writes, and only when no write is running (it would queue behind none).</summary>
    private async Task RunScheduledCheckpointAsync()
    {
        if (_disposed || (Volatile.Read(ref _writesSinceCheckpoint) == 0 && !_checkpointDue) || !await _writerQueue.WaitAsync(TimeSpan.Zero).ConfigureAwait(false))
        {
            return;
        }

        try
        {
            await using var connection = await _dialect.OpenConnectionAsync(CancellationToken.None).ConfigureAwait(false);
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
        if (!_dialect.FileStillOpened())
        {
            return; // CheckBeforeWriteAsync reports it; nothing more is written into a file that is gone (R-STORE-1).
        }

        try
        {
            var before = WalLength();
            await Sql.ExecuteAsync(connection, null, CheckpointWaitSql, CancellationToken.None).ConfigureAwait(false);
            bool busy;
            await using (var command = Sql.Command(connection, null, CheckpointSql))
            {
                await using var reader = await command.ExecuteReaderAsync(CancellationToken.None).ConfigureAwait(false);
                // One row: busy (1 when readers kept it from finishing), log frames, checkpointed frames.
                busy = await reader.ReadAsync().ConfigureAwait(false) && reader.GetInt64(0) != 0;
            }

            if (busy)
            {
                // Not returning here: the connection's own lock wait must be set again below before it goes back to the pool.
                Volatile.Write(ref _nextSizeCheckpointAt, Volatile.Read(ref _writesSinceCheckpoint) + WritesBetweenBusyCheckpoints);
                if (WalLength() is var length && length > _journalSizeLimit)
                {
                    SqliteStoreLog.CheckpointBusyOverLimit(Logger, Location, length, _journalSizeLimit, WritesBetweenBusyCheckpoints);
                }
            }
            else
            {
                Interlocked.Exchange(ref _writesSinceCheckpoint, 0);
                Volatile.Write(ref _nextSizeCheckpointAt, 0);
                _checkpointDue = false;
                Log?.Checkpointed(before, WalLength());
            }
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
        try
        {
            var wal = new FileInfo(_filePath + "-wal");
            return wal.Exists ? wal.Length : 0;
        }
        catch (IOException)
        {
            return 0; // removed between the two looks: the last connection closed, the log is empty
        }
    }

    public void Dispose()
    {
        _disposed = true;
        _checkpointTimer?.Dispose();
    }
}
