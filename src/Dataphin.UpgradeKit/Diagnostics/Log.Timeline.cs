using Microsoft.Extensions.Logging;
using NodaTime;

namespace Dataphin.UpgradeKit.Diagnostics;

/// <summary>Log lines of timeline reporting and the log projections (event ids 1100-1199).</summary>
internal static partial class Log
{
    [LoggerMessage(1100, LogLevel.Debug, "Timeline of upgrade record {RecordId}: {Reported} events reported, {Added} new, status {Status}")]
    public static partial void TimelineEventsAppended(ILogger logger, UpgradeRecordId recordId, int reported, int added, UpgradeStatus status);

    [LoggerMessage(1101, LogLevel.Warning, "Timeline events for upgrade record {RecordId} refused: {Mode} upgrade in status {Status} has no timeline ({Reported} events)")]
    public static partial void TimelineReportRefused(ILogger logger, UpgradeRecordId recordId, UpgradeMode mode, UpgradeStatus status, int reported);

    [LoggerMessage(1102, LogLevel.Warning, "Timeline events for upgrade record {RecordId} refused: {What} would end at {End} before it started at {Start}")]
    public static partial void TimelineEndBeforeStart(ILogger logger, UpgradeRecordId recordId, string what, Instant start, Instant end);
}
