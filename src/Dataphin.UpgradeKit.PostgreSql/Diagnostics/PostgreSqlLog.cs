using Microsoft.Extensions.Logging;

namespace Dataphin.UpgradeKit.PostgreSql.Diagnostics;

/// <summary>Log lines of the PostgreSQL store (event ids 2100-2199). None carries configuration content or a password.</summary>
internal static partial class PostgreSqlLog
{
    [LoggerMessage(2101, LogLevel.Information, "PostgreSQL upgrade store {Database}: schema brought from version {FromVersion} to {ToVersion}")]
    public static partial void SchemaMigrated(ILogger logger, string database, int fromVersion, int toVersion);

    [LoggerMessage(2102, LogLevel.Error, "PostgreSQL upgrade store {Database}: could not {Operation} (SQLSTATE {SqlState}); nothing was written")]
    public static partial void OperationFailed(ILogger logger, Exception exception, string database, string operation, string? sqlState);

    [LoggerMessage(2103, LogLevel.Debug, "PostgreSQL upgrade store {Database}: upgrade record {RecordId} changed concurrently (expected version {ExpectedVersion}, found {ActualVersion})")]
    public static partial void ConcurrencyConflict(ILogger logger, string database, UpgradeRecordId recordId, long expectedVersion, long? actualVersion);

    [LoggerMessage(2104, LogLevel.Error, "PostgreSQL upgrade store {Database}: schema version {ActualVersion} found, {ExpectedVersion} expected")]
    public static partial void SchemaMismatch(ILogger logger, string database, int actualVersion, int expectedVersion);

    [LoggerMessage(2105, LogLevel.Debug, "PostgreSQL upgrade store {Database}: {Operation} aborted by a concurrent transaction (SQLSTATE {SqlState}); running it again (attempt {Attempt})")]
    public static partial void RetryingTransient(ILogger logger, string database, string operation, string sqlState, int attempt);
}
