using Microsoft.Extensions.Logging;

namespace Dataphin.UpgradeKit.Diagnostics;

/// <summary>Log lines of watches (event ids 1300-1349).</summary>
internal static partial class Log
{
    [LoggerMessage(1300, LogLevel.Debug, "Watch of {Subject} by {Actor} started after position {Position}")]
    public static partial void WatchStarted(ILogger logger, string subject, string actor, long position);

    [LoggerMessage(1301, LogLevel.Debug, "Watch of {Subject} by {Actor} ended at position {Position}")]
    public static partial void WatchEnded(ILogger logger, string subject, string actor, long position);
}
