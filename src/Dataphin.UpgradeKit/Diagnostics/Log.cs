using Microsoft.Extensions.Logging;

namespace Dataphin.UpgradeKit.Diagnostics;

/// <summary>
/// Every log line of the SDK, with stable event ids. None takes a password, key or configuration content.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(1001, LogLevel.Information, "Upgrade record {RecordId} created by {Actor}: {InitialVersion} to {TargetVersion}, {Mode}")]
    public static partial void RecordCreated(ILogger logger, UpgradeRecordId recordId, string actor, ProductVersion initialVersion, ProductVersion targetVersion, UpgradeMode mode);

    [LoggerMessage(1002, LogLevel.Information, "{Operation} on upgrade record {RecordId} by {Actor}: {StatusBefore} -> {StatusAfter}")]
    public static partial void OperationAccepted(ILogger logger, UpgradeOperation operation, UpgradeRecordId recordId, string actor, UpgradeStatus statusBefore, UpgradeStatus? statusAfter);

    [LoggerMessage(1003, LogLevel.Warning, "{Operation} on upgrade record {RecordId} by {Actor} refused in status {Status}: {Reason}")]
    public static partial void OperationRefused(ILogger logger, UpgradeOperation operation, UpgradeRecordId recordId, string actor, UpgradeStatus status, ActionReasonCode reason);

    [LoggerMessage(1004, LogLevel.Warning, "{Operation} on upgrade record {RecordId} by {Actor} lost a concurrent change (expected version {ExpectedVersion})")]
    public static partial void ConcurrencyConflict(ILogger logger, UpgradeOperation operation, UpgradeRecordId recordId, string actor, long expectedVersion);

    [LoggerMessage(1005, LogLevel.Information, "Upgrade record {RecordId} removed: cancelled without a saved configuration")]
    public static partial void RecordRemoved(ILogger logger, UpgradeRecordId recordId);

    [LoggerMessage(1006, LogLevel.Debug, "Notification {NotificationId} ({NotificationType}) for upgrade record {RecordId} delivered")]
    public static partial void NotificationDelivered(ILogger logger, Guid notificationId, string notificationType, UpgradeRecordId recordId);

    [LoggerMessage(1008, LogLevel.Warning, "No notification handler is registered: notification {NotificationId} ({NotificationType}) for upgrade record {RecordId} stays pending")]
    public static partial void NoNotificationHandler(ILogger logger, Guid notificationId, string notificationType, UpgradeRecordId recordId);

    [LoggerMessage(1009, LogLevel.Debug, "Concurrent change on upgrade record {RecordId} while applying {Operation}; retrying (attempt {Attempt})")]
    public static partial void RetryingSystemChange(ILogger logger, UpgradeRecordId recordId, UpgradeOperation operation, int attempt);
}
