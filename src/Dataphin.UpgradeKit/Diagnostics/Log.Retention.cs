using Microsoft.Extensions.Logging;

namespace Dataphin.UpgradeKit.Diagnostics;

// Retention (R-RET-1, R-RET-2): event ids 1540–1559.
internal static partial class Log
{
    [LoggerMessage(1540, LogLevel.Information, "Retention run {RunId} archived and removed {Removed} records in {Batches} batches ({Files} archive files); {Kept} archived records stayed in the store")]
    public static partial void RetentionRunFinished(ILogger logger, Guid runId, int removed, int batches, int files, int kept);

    [LoggerMessage(1541, LogLevel.Debug, "Retention run skipped: another instance holds the retention lease")]
    public static partial void RetentionLeaseHeld(ILogger logger);

    [LoggerMessage(1542, LogLevel.Warning, "Retention run {RunId} resumed batch {BatchId}, archived by an earlier run that stopped before its removal was confirmed")]
    public static partial void RetentionBatchResumed(ILogger logger, Guid runId, Guid batchId);

    [LoggerMessage(1543, LogLevel.Error, "Retention run {RunId} failed; nothing is removed that is not archived, and the next run goes on where it stopped")]
    public static partial void RetentionRunFailed(ILogger logger, Exception exception, Guid runId);

    [LoggerMessage(1544, LogLevel.Information, "Record {RecordId} was {Action} by {Actor}")]
    public static partial void RetentionPinChanged(ILogger logger, UpgradeRecordId recordId, string action, string actor);

    [LoggerMessage(1545, LogLevel.Error, "Retention run {RunId} failed and could not be kept in the store's list of runs")]
    public static partial void RetentionRunNotKept(ILogger logger, Exception exception, Guid runId);

    [LoggerMessage(1546, LogLevel.Information, "Retention run {RunId} trimmed {Rows} change-feed rows written before {Before}")]
    public static partial void RetentionChangeFeedTrimmed(ILogger logger, Guid runId, int rows, NodaTime.Instant before);

    [LoggerMessage(1547, LogLevel.Information, "Retention run {RunId} archived and removed {Entries} audit entries written before {Before}, in {Batches} batches")]
    public static partial void RetentionAuditEntriesRemoved(ILogger logger, Guid runId, int entries, NodaTime.Instant before, int batches);
}
