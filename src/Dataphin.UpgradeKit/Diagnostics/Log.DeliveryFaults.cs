using Microsoft.Extensions.Logging;
using NodaTime;

namespace Dataphin.UpgradeKit.Diagnostics;

// Store faults during delivery (R-DLV-2, R-DLV-4): event ids 1230–1249.
internal static partial class Log
{
    [LoggerMessage(1230, LogLevel.Warning, "The outcome of attempt {Attempt} of notification {NotificationId} ({NotificationType}) for upgrade record {RecordId} could not be recorded ({Outcome}); it is claimed again when its lease expires at {LeaseUntil}")]
    public static partial void DeliveryOutcomeNotRecorded(ILogger logger, Exception exception, int attempt, Guid notificationId, string notificationType, UpgradeRecordId recordId, string outcome, Instant leaseUntil);
}
