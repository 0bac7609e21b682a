using Microsoft.Extensions.Logging;

namespace Dataphin.UpgradeKit.Relational;

/// <summary>
/// The log lines of a database store. Each dialect keeps its own range of event ids (base + 1 … base + 5, and base + 30 … base + 31 for
/// the change listener: SQLite 2001–2005, PostgreSQL 2101–2105 and 2130–2131), so the lines are defined per store instead of source-generated with constant
/// ids. None carries configuration content or a password.
/// </summary>
internal sealed class RelationalStoreLog
{
    private readonly ILogger _logger;
    private readonly string _location;
    private readonly Action<ILogger, string, int, int, Exception?> _schemaMigrated;
    private readonly Action<ILogger, string, string, string?, Exception?> _operationFailed;
    private readonly Action<ILogger, string, UpgradeRecordId, long, long?, Exception?> _concurrencyConflict;
    private readonly Action<ILogger, string, int, int, Exception?> _schemaMismatch;
    private readonly Action<ILogger, string, string, string?, int, Exception?> _retryingContention;
    private readonly Action<ILogger, string, string, string?, Exception?> _commitOutcomeUnknown;
    private readonly Action<ILogger, string, Exception?> _databaseCreated;
    private readonly Action<ILogger, string, long, long, Exception?> _checkpointed;
    private readonly Action<ILogger, string, Exception?> _checkpointFailed;
    private readonly Action<ILogger, string, int, Exception?> _changesListening;
    private readonly Action<ILogger, string, double, Exception?> _changesListenerLost;

    public RelationalStoreLog(ILogger logger, RelationalDialect dialect)
    {
        _logger = logger;
        _location = dialect.Location;
        var store = dialect.ProductName + " upgrade store {Location}";
        var id = dialect.LogEventIdBase;
        _schemaMigrated = LoggerMessage.Define<string, int, int>(LogLevel.Information, new EventId(id + 1, "SchemaMigrated"),
            store + ": schema brought from version {FromVersion} to {ToVersion}");
        _operationFailed = LoggerMessage.Define<string, string, string?>(LogLevel.Error, new EventId(id + 2, "OperationFailed"),
            store + ": could not {Operation} ({ErrorCode}); nothing was written");
        _concurrencyConflict = LoggerMessage.Define<string, UpgradeRecordId, long, long?>(LogLevel.Debug, new EventId(id + 3, "ConcurrencyConflict"),
            store + ": upgrade record {RecordId} changed concurrently (expected version {ExpectedVersion}, found {ActualVersion})");
        _schemaMismatch = LoggerMessage.Define<string, int, int>(LogLevel.Error, new EventId(id + 4, "SchemaMismatch"),
            store + ": schema version {ActualVersion} found, {ExpectedVersion} expected");
        _retryingContention = LoggerMessage.Define<string, string, string?, int>(LogLevel.Debug, new EventId(id + 5, "RetryingContention"),
            store + ": {Operation} aborted by a concurrent transaction ({ErrorCode}); running it again (attempt {Attempt})");

        // Storage under faults (R-STORE-*): offsets 40–59.
        _commitOutcomeUnknown = LoggerMessage.Define<string, string, string?>(LogLevel.Error, new EventId(id + 40, "CommitOutcomeUnknown"),
            store + ": could not {Operation} ({ErrorCode}): the database failed while committing, so the change may or may not be stored");
        _databaseCreated = LoggerMessage.Define<string>(LogLevel.Warning, new EventId(id + 41, "DatabaseCreated"),
            store + ": no database file was there, so a new, empty database was created (CreateIfMissing is on); if records were expected, stop the host and restore the file");
        _checkpointed = LoggerMessage.Define<string, long, long>(LogLevel.Debug, new EventId(id + 42, "Checkpointed"),
            store + ": write-ahead log checkpointed and truncated from {WalBytesBefore} to {WalBytesAfter} bytes");
        _checkpointFailed = LoggerMessage.Define<string>(LogLevel.Warning, new EventId(id + 43, "CheckpointFailed"),
            store + ": the truncating checkpoint of the write-ahead log failed; it is tried again after the next writes");

        _changesListening = LoggerMessage.Define<string, int>(LogLevel.Debug, new EventId(id + 30, "ChangesListening"),
            store + ": listening for committed changes (connection attempt {Attempt})");
        _changesListenerLost = LoggerMessage.Define<string, double>(LogLevel.Warning, new EventId(id + 31, "ChangesListenerLost"),
            store + ": the connection listening for committed changes was lost; watchers catch up from their positions, reconnecting in {DelaySeconds} s");
    }

    public void SchemaMigrated(int fromVersion, int toVersion) => _schemaMigrated(_logger, _location, fromVersion, toVersion, null);

    public void OperationFailed(Exception exception, string operation, string? errorCode) =>
        _operationFailed(_logger, _location, operation, errorCode, exception);

    public void ConcurrencyConflict(UpgradeRecordId recordId, long expectedVersion, long? actualVersion) =>
        _concurrencyConflict(_logger, _location, recordId, expectedVersion, actualVersion, null);

    public void SchemaMismatch(int actualVersion, int expectedVersion) => _schemaMismatch(_logger, _location, actualVersion, expectedVersion, null);

    public void ChangesListening(int attempt) => _changesListening(_logger, _location, attempt, null);

    public void ChangesListenerLost(Exception exception, TimeSpan delay) => _changesListenerLost(_logger, _location, delay.TotalSeconds, exception);

    public void RetryingContention(string operation, string? errorCode, int attempt) => _retryingContention(_logger, _location, operation, errorCode, attempt, null);

    public void CommitOutcomeUnknown(Exception exception, string operation, string? errorCode) =>
        _commitOutcomeUnknown(_logger, _location, operation, errorCode, exception);

    public void DatabaseCreated() => _databaseCreated(_logger, _location, null);

    public void Checkpointed(long walBytesBefore, long walBytesAfter) => _checkpointed(_logger, _location, walBytesBefore, walBytesAfter, null);

    public void CheckpointFailed(Exception exception) => _checkpointFailed(_logger, _location, exception);
}
