using Microsoft.Extensions.Logging;

namespace Dataphin.UpgradeKit.Diagnostics;

/// <summary>Log lines of watches (event ids 1300-1349).</summary>
internal static partial class Log
{
    [LoggerMessage(1300, LogLevel.Debug, "Watch of {Subject} by {Actor} started after position {Position}")]
    public static partial void WatchStarted(ILogger logger, string subject, string actor, long position);

    [LoggerMessage(1301, LogLevel.Debug, "Watch of {Subject} by {Actor} ended at position {Position}")]
    public static partial void WatchEnded(ILogger logger, string subject, string actor, long position);

    [LoggerMessage(1310, LogLevel.Warning, "Watch of {Subject} by {Actor} cannot read the store after position {Position}; it reads again after a growing wait (at most {MaxDelay}) and resumes from that position")]
    public static partial void WatchStoreUnavailable(ILogger logger, Exception exception, string subject, string actor, long position, TimeSpan maxDelay);

    [LoggerMessage(1311, LogLevel.Information, "Watch of {Subject} by {Actor} reads the store again from position {Position} after {Failures} failed reads over {Outage}")]
    public static partial void WatchResumed(ILogger logger, string subject, string actor, long position, int failures, TimeSpan outage);
}
