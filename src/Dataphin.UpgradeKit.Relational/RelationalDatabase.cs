using System.Collections.Concurrent;
using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Dataphin.UpgradeKit.Storage;
using Microsoft.Extensions.Logging;

namespace Dataphin.UpgradeKit.Relational;

/// <summary>
/// How every call of a relational store reaches its database, on the members of a <see cref="RelationalDialect"/>:
/// reads and writing transactions (reruns of a transaction a concurrent one aborted, the writer queue, the
/// commit whose outcome may be open), the schema version check and migration, the translation of every database
/// failure into a typed <see cref="UpgradeStoreException"/>, and waking this process's watchers after a commit
/// that added a change. Thread-safe: it keeps no connection between calls.
/// </summary>
internal sealed class RelationalDatabase
{
    // The write transactions that added a change row and have not committed yet: after their commit the watchers of
    // this process are woken (other processes learn it from the dialect's notification, if it has one).
    private readonly ConcurrentDictionary<DbTransaction, bool> _uncommittedChanges = new();
    private readonly RelationalDialect _dialect;
    private readonly RelationalStoreLog _log;
    private readonly IReadOnlyList<(int Version, string Sql)> _scripts;
    private readonly Type _owner;
    private volatile bool _schemaReady;
    private volatile bool _disposed;

    /// <param name="dialect">The database's dialect.</param>
    /// <param name="schemaVersion">The schema version the adapter reads and writes (its public <c>SchemaVersion</c>).</param>
    /// <param name="ensureSchemaOnFirstUse">True to migrate before the first call, false to only check the version.</param>
    /// <param name="logger">Where the log lines go.</param>
    /// <param name="owner">The public store's type, named by <see cref="ObjectDisposedException"/>.</param>
    public RelationalDatabase(RelationalDialect dialect, int schemaVersion, bool ensureSchemaOnFirstUse, ILogger logger, Type owner)
    {
        _dialect = dialect;
        SchemaVersion = schemaVersion;
        EnsureSchemaOnFirstUse = ensureSchemaOnFirstUse;
        _log = new RelationalStoreLog(logger, dialect);
        dialect.Log = _log;
        _scripts = SchemaScripts.For(dialect.SchemaAssembly);
        _owner = owner;
    }

    public int SchemaVersion { get; }

    public RelationalDialect Dialect => _dialect;

    /// <summary>The store's log lines.</summary>
    public RelationalStoreLog Log => _log;

    /// <summary>Wakes this process's watchers after a commit that added a change (R-LIVE-1).</summary>
    public RecordChangeSignal Changes { get; } = new();

    public bool EnsureSchemaOnFirstUse { get; }

    /// <summary>From now on every call throws <see cref="ObjectDisposedException"/>.</summary>
    public void MarkDisposed() => _disposed = true;

    /// <summary>
    /// Creates the schema in an empty database or applies the scripts it lacks, in one transaction serialised
    /// against other processes doing the same. Safe to call at every start.
    /// </summary>
    public async Task EnsureSchemaAsync(CancellationToken cancellationToken)
    {
        var found = await GuardAsync("apply its schema", async connection =>
        {
            await using var transaction = await _dialect.BeginSchemaChangeAsync(connection, cancellationToken).ConfigureAwait(false);
            await _dialect.CheckBeforeWriteAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
            var current = await ReadSchemaVersionAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
            if (current > SchemaVersion)
            {
                throw Mismatch(current);
            }

            foreach (var (version, sql) in _scripts)
            {
                if (version > current)
                {
                    await Sql.ExecuteAsync(connection, transaction, sql, cancellationToken).ConfigureAwait(false);
                }
            }

            await CommitAsync(connection, transaction).ConfigureAwait(false);
            return current;
        }, null, checkSchema: false, write: true, cancellationToken).ConfigureAwait(false);
        if (found < SchemaVersion)
        {
            _log.SchemaMigrated(found, SchemaVersion);
        }

        _schemaReady = true;
    }

    /// <summary>Runs a read (one statement, so it needs no transaction of its own) and turns database failures into typed errors.</summary>
    public Task<T> ReadAsync<T>(string operation, Func<DbConnection, Task<T>> work, CancellationToken cancellationToken) =>
        GuardAsync(operation, work, null, checkSchema: true, write: false, cancellationToken);

    /// <summary>
    /// Runs <paramref name="work"/> in one writing transaction, again when a concurrent transaction aborted it, and
    /// turns every database failure into a typed error; when the reruns run out, <paramref name="onContention"/>
    /// (if given) makes the error. The dialect checks the database before the work (R-STORE-1); a failure while
    /// committing that leaves the outcome open is reported as such (R-STORE-3).
    /// </summary>
    public Task<T> WriteAsync<T>(string operation, Func<DbConnection, DbTransaction, Task<T>> work,
        Func<Exception, Exception>? onContention, CancellationToken cancellationToken) =>
        GuardAsync(operation, async connection =>
        {
            await using var transaction = await _dialect.BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
            await _dialect.CheckBeforeWriteAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
            var committed = false;
            try
            {
                var result = await work(connection, transaction).ConfigureAwait(false);
                await CommitAsync(connection, transaction).ConfigureAwait(false);
                committed = true;
                return result;
            }
            finally
            {
                ChangeTransactionEnded(transaction, committed);
            }
        }, onContention, checkSchema: true, write: true, cancellationToken);

    /// <summary>
    /// Commits, not cancellable once begun (a commit abandoned halfway would leave its outcome open for no reason), and
    /// classifies a failure: one the database says left nothing written stays a database error; any other (a lost
    /// connection, a session ended by the server) becomes <see cref="CommitOutcomeUnknownException"/>.
    /// </summary>
    private async Task CommitAsync(DbConnection connection, DbTransaction transaction)
    {
        try
        {
            await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is DbException or IOException or TimeoutException or InvalidOperationException && !_dialect.CommitOutcomeKnown(ex))
        {
            throw new CommitOutcomeUnknownException(ex);
        }

        await _dialect.AfterCommitAsync(connection).ConfigureAwait(false);
    }

    private async Task<T> GuardAsync<T>(string operation, Func<DbConnection, Task<T>> work, Func<Exception, Exception>? onContention,
        bool checkSchema, bool write, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        for (var attempt = 0; ; attempt++)
        {
            ObjectDisposedException.ThrowIf(_disposed, _owner);
            try
            {
                if (checkSchema)
                {
                    await EnsureReadyAsync(cancellationToken).ConfigureAwait(false);
                }

                // A writer takes its turn before it opens a connection: only the head of the queue waits inside the
                // database for its lock, the others wait without holding a thread or a connection (R-STORE-2).
                using var turn = write ? await _dialect.EnterWriterQueueAsync(cancellationToken).ConfigureAwait(false) : null;
                await using var connection = await _dialect.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
                return await work(connection).ConfigureAwait(false);
            }
            catch (CommitOutcomeUnknownException ex)
            {
                throw OutcomeUnknown(operation, ex.InnerException!);
            }
            catch (StoreFault ex)
            {
                throw Failure(operation, ex, Stopwatch.GetElapsedTime(started));
            }
            catch (DbException ex) when (_dialect.IsContention(ex) && attempt < _dialect.ContentionRetries)
            {
                // Every transaction of the store is safe to rerun: record writes compare the version again and
                // appends skip what is stored.
                _log.RetryingContention(operation, _dialect.ErrorCode(ex), attempt + 1);
            }
            catch (DbException ex) when (_dialect.IsContention(ex) && onContention is not null)
            {
                throw onContention(ex);
            }
            catch (DbException ex) when (cancellationToken.IsCancellationRequested)
            {
                // A driver that reports cancellation as its own error: the caller asked for it, so no store failure is logged.
                throw new OperationCanceledException($"The {_dialect.ProductName} upgrade store stopped: the operation was canceled.", ex, cancellationToken);
            }
            catch (DbException ex)
            {
                throw Failure(operation, ex, Stopwatch.GetElapsedTime(started));
            }
            catch (JsonException ex)
            {
                throw Failure(operation, ex, Stopwatch.GetElapsedTime(started));
            }
            catch (TimeoutException ex)
            {
                throw Failure(operation, ex, Stopwatch.GetElapsedTime(started));
            }
        }
    }

    private async Task EnsureReadyAsync(CancellationToken cancellationToken)
    {
        if (_schemaReady)
        {
            return;
        }

        if (EnsureSchemaOnFirstUse)
        {
            await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        await using var connection = await _dialect.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var found = await ReadSchemaVersionAsync(connection, null, cancellationToken).ConfigureAwait(false);
        if (found != SchemaVersion)
        {
            throw Mismatch(found);
        }

        _schemaReady = true;
    }

    private async Task<int> ReadSchemaVersionAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        var exists = await Sql.ScalarAsync(connection, transaction, _dialect.SchemaVersionTableExistsSql, cancellationToken).ConfigureAwait(false);
        if (!Convert.ToBoolean(exists, CultureInfo.InvariantCulture))
        {
            return 0;
        }

        var max = await Sql.ScalarAsync(connection, transaction, "SELECT coalesce(max(version), 0) FROM schema_version", cancellationToken).ConfigureAwait(false);
        return Convert.ToInt32(max, CultureInfo.InvariantCulture);
    }

    private SchemaVersionMismatchException Mismatch(int actual)
    {
        _log.SchemaMismatch(actual, SchemaVersion);
        return new SchemaVersionMismatchException(_dialect.ProductName, SchemaVersion, actual);
    }

    /// <summary>
    /// The typed error of a failure after which nothing was written: the store and its location, what it could not do,
    /// the database's words and code, and what to do about it (item 5 of issue 17); a lock wait that ran out is an
    /// <see cref="UpgradeStoreTimeoutException"/> (R-STORE-2).
    /// </summary>
    private UpgradeStoreException Failure(string operation, Exception exception, TimeSpan elapsed)
    {
        var code = _dialect.ErrorCode(exception);
        _dialect.Failed(exception);
        _log.OperationFailed(exception, operation, code);
        var advice = exception is StoreFault fault ? fault.Advice : _dialect.Advice(exception);
        var message = $"The {_dialect.ProductName} upgrade store ({_dialect.Location}) could not {operation}: {exception.Message.TrimEnd('.')}"
            + (code is null ? "" : $" ({code})") + ". Nothing was written." + (advice is null ? "" : " " + advice);
        var inner = exception is StoreFault ? null : exception;
        return exception is StoreFault { Waited: { } waited } ? new UpgradeStoreTimeoutException(message, waited)
            : _dialect.IsLockTimeout(exception) ? new UpgradeStoreTimeoutException(message, elapsed, inner)
            : new UpgradeStoreException(message, inner);
    }

    /// <summary>The typed error of a failure while committing that leaves open whether the change was stored (R-STORE-3).</summary>
    private UpgradeStoreException OutcomeUnknown(string operation, Exception exception)
    {
        var code = _dialect.ErrorCode(exception);
        _dialect.Failed(exception);
        _log.CommitOutcomeUnknown(exception, operation, code);
        return new UpgradeStoreException(
            $"The {_dialect.ProductName} upgrade store ({_dialect.Location}) could not {operation}: the database failed while committing "
            + $"({exception.Message.TrimEnd('.')}{(code is null ? "" : $", {code}")}), so the change may or may not be stored. Retry a creation with "
            + "the same idempotency key and an action with the same expected version: neither can apply twice (docs/storage.md, Retrying).",
            exception, outcomeKnown: false);
    }

    public KeyValuePair<string, object> Id(string name, UpgradeRecordId id) => Sql.P(name, _dialect.Uuid(id.Value));

    /// <summary>Notes that <paramref name="transaction"/> added a change row: its commit wakes the watchers.</summary>
    public void ChangeAdded(DbTransaction transaction) => _uncommittedChanges[transaction] = true;

    /// <summary>Called once a write transaction ended: wakes the watchers when it committed a change.</summary>
    private void ChangeTransactionEnded(DbTransaction transaction, bool committed)
    {
        if (_uncommittedChanges.TryRemove(transaction, out _) && committed)
        {
            Changes.Notify();
        }
    }
}
