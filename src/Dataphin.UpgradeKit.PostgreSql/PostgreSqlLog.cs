using Microsoft.Extensions.Logging;

namespace Dataphin.UpgradeKit.PostgreSql;

/// <summary>Log lines of the PostgreSQL store of its own (event ids 2200-2249; the shared relational ones are 2100-2199).</summary>
internal static partial class PostgreSqlLog
{
    [LoggerMessage(2200, LogLevel.Debug, "PostgreSQL upgrade store: reconnecting the connection that listens for committed changes failed (attempt {Attempt}); trying again in {Delay}")]
    public static partial void ReconnectFailed(ILogger logger, Exception exception, int attempt, TimeSpan delay);

    [LoggerMessage(2201, LogLevel.Information, "PostgreSQL upgrade store: listening for committed changes again after {FailedAttempts} failed reconnects over {Outage}; watchers catch up from their positions")]
    public static partial void ListeningAgain(ILogger logger, int failedAttempts, TimeSpan outage);

    [LoggerMessage(2210, LogLevel.Warning, "PostgreSQL upgrade store: {ExpectedInstances} instances with pools of {PoolSize} connections do not fit the server's max_connections of {MaxConnections} ({Reserved} reserved for superusers; {Open} open now). Lower Maximum Pool Size or raise max_connections, or a burst will be refused connections")]
    public static partial void PoolMayExhaustServer(ILogger logger, int poolSize, int expectedInstances, int maxConnections, int reserved, int open);

    [LoggerMessage(2211, LogLevel.Debug, "PostgreSQL upgrade store: the connection limits of the server could not be checked at start-up; the check is not repeated")]
    public static partial void CapacityNotChecked(ILogger logger, Exception exception);
}
