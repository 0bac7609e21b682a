using Microsoft.Extensions.Logging;

namespace Dataphin.UpgradeKit.Diagnostics;

// Stalls (R-ETA-2): event ids 1560–1579.
internal static partial class Log
{
    [LoggerMessage(1560, LogLevel.Warning, "Upgrade {RecordId} is stalled ({Reason}), started at {UpgradeStartedAt}; the host is notified by notification {NotificationId}")]
    public static partial void StallStarted(ILogger logger, UpgradeRecordId recordId, string reason, NodaTime.Instant upgradeStartedAt, Guid notificationId);

    [LoggerMessage(1561, LogLevel.Information, "Upgrade {RecordId} is no longer stalled: progress resumed or it finished")]
    public static partial void StallEnded(ILogger logger, UpgradeRecordId recordId);

    [LoggerMessage(1562, LogLevel.Debug, "Stall check looked at {Checked} running upgrades: {Stalled} stalled, {Started} stalls started, {Ended} ended")]
    public static partial void StallCheckFinished(ILogger logger, int @checked, int stalled, int started, int ended);

    [LoggerMessage(1563, LogLevel.Error, "Stall check failed; it runs again in {Interval}")]
    public static partial void StallCheckFailed(ILogger logger, Exception exception, NodaTime.Duration interval);

    [LoggerMessage(1564, LogLevel.Information, "The stall check is on but the store {StoreType} keeps no stalls: no stall notifications are sent")]
    public static partial void StallCheckUnsupported(ILogger logger, string storeType);
}
