using Microsoft.Extensions.Logging;

namespace Dataphin.UpgradeKit.Sqlite.Diagnostics;

/// <summary>Log lines of the SQLite store (event ids 2000-2099). None carries configuration content.</summary>
internal static partial class SqliteLog
{
    [LoggerMessage(2001, LogLevel.Information, "SQLite upgrade store {DataSource}: schema brought from version {FromVersion} to {ToVersion}")]
    public static partial void SchemaMigrated(ILogger logger, string dataSource, int fromVersion, int toVersion);

    [LoggerMessage(2002, LogLevel.Error, "SQLite upgrade store {DataSource}: could not {Operation}; nothing was written")]
    public static partial void OperationFailed(ILogger logger, Exception exception, string dataSource, string operation);

    [LoggerMessage(2003, LogLevel.Debug, "SQLite upgrade store {DataSource}: upgrade record {RecordId} changed concurrently (expected version {ExpectedVersion}, found {ActualVersion})")]
    public static partial void ConcurrencyConflict(ILogger logger, string dataSource, UpgradeRecordId recordId, long expectedVersion, long? actualVersion);

    [LoggerMessage(2004, LogLevel.Error, "SQLite upgrade store {DataSource}: schema version {ActualVersion} found, {ExpectedVersion} expected")]
    public static partial void SchemaMismatch(ILogger logger, string dataSource, int actualVersion, int expectedVersion);
}
