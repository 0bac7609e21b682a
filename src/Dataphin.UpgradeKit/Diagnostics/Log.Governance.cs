using Microsoft.Extensions.Logging;

namespace Dataphin.UpgradeKit.Diagnostics;

// R-GOV-2: the two-person rule's expiry check. Event ids 1580–1599.
internal static partial class Log
{
    [LoggerMessage(1580, LogLevel.Information, "Force-stop request {RequestId} on record {RecordId} expired undecided (requested by {RequestedBy})")]
    public static partial void ForceStopRequestExpired(ILogger logger, Guid requestId, UpgradeRecordId recordId, string requestedBy);

    [LoggerMessage(1581, LogLevel.Debug, "Force-stop request {RequestId} on record {RecordId} was decided before it could expire")]
    public static partial void ForceStopRequestExpiryLost(ILogger logger, Guid requestId, UpgradeRecordId recordId);

    [LoggerMessage(1582, LogLevel.Warning, "The force-stop request expiry check failed; it runs again in {Interval}")]
    public static partial void ForceStopRequestExpiryFailed(ILogger logger, Exception exception, NodaTime.Duration interval);
}
