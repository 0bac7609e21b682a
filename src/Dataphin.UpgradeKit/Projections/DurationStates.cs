using Dataphin.UpgradeKit.Times;
using NodaTime;

namespace Dataphin.UpgradeKit.Projections;

/// <summary>Classifies the upgrade and maintenance durations of a record for the raw fields (R-TIME-3..6).</summary>
internal static class DurationStates
{
    /// <summary>Whole seconds, truncated as the <c>hhh:mm:ss</c> text truncates them (R-TIME-1), so the two always agree.</summary>
    public static long? Seconds(TimeRange range) => range.Total is { } total ? total.BclCompatibleTicks / NodaConstants.TicksPerSecond : null;

    /// <summary>R-TIME-3: cancelled, nothing; R-TIME-5: started and not finished, running.</summary>
    public static DurationState Upgrade(UpgradeRecord record, TimeRange range) => range switch
    {
        { Total: not null } => DurationState.Known,
        { Start: null } => DurationState.NotApplicable,
        _ => record.Status.IsTerminal() ? DurationState.Unknown : DurationState.Running,
    };

    /// <summary>
    /// R-TIME-6: zero-downtime, nothing (<paramref name="range"/> null); R-TIME-3: cancelled, nothing; R-TIME-4:
    /// force-stopped, the end is unknown; otherwise running exactly while maintenance upgrade mode is on.
    /// </summary>
    public static DurationState Maintenance(UpgradeRecord record, TimeRange? range) => range switch
    {
        null or { Start: null } => DurationState.NotApplicable,
        { Total: not null } => DurationState.Known,
        _ => record.IsInMaintenanceMode ? DurationState.Running : DurationState.Unknown,
    };
}
