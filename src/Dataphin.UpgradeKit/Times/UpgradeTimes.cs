using Dataphin.UpgradeKit.Internal;
using NodaTime;

namespace Dataphin.UpgradeKit.Times;

/// <summary>
/// The upgrade time and the maintenance-mode time of a record. Pure functions of the record:
/// no clock is read, so a running upgrade has no total rather than a total up to "now". Thread-safe.
/// </summary>
public static class UpgradeTimes
{
    /// <summary>
    /// Upgrade start, end and total: all unknown for a cancelled record; start only while the upgrade is
    /// not finished; for a force-stopped record the end is when the force-stop completed.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="record"/> is null.</exception>
    /// <exception cref="ImpossibleTimeException">The record's upgrade end is before its start.</exception>
    public static TimeRange Upgrade(UpgradeRecord record)
    {
        Guard.NotNull(record);
        if (!UpgradeStatusFacts.Of(record.Status).ShowsTimes)
        {
            return TimeRange.None;
        }

        var end = record.Status.IsTerminal() ? record.UpgradeEndedAt : null;
        return Range(record.Id, "the upgrade", record.UpgradeStartedAt, end);
    }

    /// <summary>
    /// Maintenance-mode start, end and total, or null for a zero-downtime record, which has no maintenance-mode
    /// information. All unknown for a cancelled record; end and total unknown for a force-stopped
    /// record and while maintenance mode is on.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="record"/> is null.</exception>
    /// <exception cref="ImpossibleTimeException">The record's maintenance end is before its start.</exception>
    public static TimeRange? Maintenance(UpgradeRecord record)
    {
        Guard.NotNull(record);
        if (record.Mode == UpgradeMode.ZeroDowntime)
        {
            return null;
        }

        var facts = UpgradeStatusFacts.Of(record.Status);
        if (!facts.ShowsTimes)
        {
            return TimeRange.None;
        }

        return facts.MaintenanceEndKnown
            ? Range(record.Id, "maintenance upgrade mode", record.MaintenanceStartedAt, record.MaintenanceEndedAt)
            : new TimeRange(record.MaintenanceStartedAt, null, null);
    }

    private static TimeRange Range(UpgradeRecordId id, string what, Instant? start, Instant? end)
    {
        if (start is not { } s)
        {
            // An end without a start is not a span anyone can read: show neither (R-TIME-2 never shows half a total).
            return new TimeRange(null, end, null);
        }

        if (end is not { } e)
        {
            return new TimeRange(s, null, null);
        }

        return e < s ? throw new ImpossibleTimeException(id, what, s, e) : new TimeRange(s, e, e - s);
    }
}
