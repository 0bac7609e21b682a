using Microsoft.Extensions.Logging;
using NodaTime;

namespace Dataphin.UpgradeKit.Diagnostics;

// Notification delivery (R-DLV-*): event ids 1200–1249. No line carries a payload beyond ids and types.
internal static partial class Log
{
    [LoggerMessage(1200, LogLevel.Information, "Notification dispatcher started: sweeps every {SweepInterval}, leases for {LeaseDuration}")]
    public static partial void DispatcherStarted(ILogger logger, Duration sweepInterval, Duration leaseDuration);

    [LoggerMessage(1201, LogLevel.Information, "Notification dispatcher stopped")]
    public static partial void DispatcherStopped(ILogger logger);

    [LoggerMessage(1202, LogLevel.Warning, "Notification {NotificationId} ({NotificationType}) for upgrade record {RecordId} failed on attempt {Attempt}; next attempt at {RetryAt}")]
    public static partial void DeliveryRetryScheduled(ILogger logger, Exception exception, Guid notificationId, string notificationType, UpgradeRecordId recordId, int attempt, Instant retryAt);

    [LoggerMessage(1203, LogLevel.Error, "Notification {NotificationId} ({NotificationType}) for upgrade record {RecordId} dead-lettered after attempt {Attempt}: {Why}; it waits for a redrive")]
    public static partial void NotificationDeadLettered(ILogger logger, Exception? exception, Guid notificationId, string notificationType, UpgradeRecordId recordId, int attempt, string why);

    [LoggerMessage(1204, LogLevel.Warning, "{Lost} of {Handled} handled notifications had passed to another dispatcher when their lease expired; it delivers them again")]
    public static partial void DeliveryLeaseLost(ILogger logger, int lost, int handled);

    [LoggerMessage(1205, LogLevel.Error, "A notification delivery pass failed; the dispatcher tries again in {Delay}")]
    public static partial void DeliveryPassFailed(ILogger logger, Exception exception, Duration delay);

    [LoggerMessage(1206, LogLevel.Information, "{Count} dead-lettered notifications put back for delivery ({Which})")]
    public static partial void DeadLettersRedriven(ILogger logger, int count, string which);

    [LoggerMessage(1207, LogLevel.Warning, "{Count} notifications were handled but could not be marked delivered; they are delivered again once their lease expires")]
    public static partial void DeliveryCompletionFailed(ILogger logger, Exception exception, int count);
}
