using Dataphin.UpgradeKit.Internal;

namespace Dataphin.UpgradeKit;

/// <summary>
/// What each status means for the rest of the SDK, one row per status: the one place a new status is described. Every
/// other question about a status (is it terminal, does its record show times, may the host report its timeline, does
/// the spec offer View log for it) reads its row here. Thread-safe.
/// </summary>
/// <param name="IsTerminal">No trigger leaves it (R-SM-1).</param>
/// <param name="ShowsTimes">Its record shows upgrade and maintenance times; false for a record that never ran (R-TIME-3).</param>
/// <param name="MaintenanceEndKnown">
/// The end of maintenance upgrade mode is known or still to come; false when a force-stop left it unknown (R-TIME-4).
/// </param>
/// <param name="HasTimeline">The host may report timeline events for a maintenance upgrade in this status.</param>
/// <param name="ViewLogByDefault">The spec offers View log (and the configuration download) for it.</param>
internal readonly record struct UpgradeStatusFacts(bool IsTerminal, bool ShowsTimes, bool MaintenanceEndKnown, bool HasTimeline, bool ViewLogByDefault)
{
    private static readonly UpgradeStatusFacts[] Rows = [.. EnumOrdinals<UpgradeStatus>.Values.Select(RowOf)];

    /// <summary>The row of <paramref name="status"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="status"/> is not a defined status.</exception>
    public static UpgradeStatusFacts Of(UpgradeStatus status) => Rows[EnumOrdinals<UpgradeStatus>.Of(status)];

    // No discard arm: a status added to the enum without a row here is a compile error (CS8509); an undefined value
    // (a cast integer) throws.
#pragma warning disable CS8524 // Unnamed enum values are refused by the throwing lookup above.
    private static UpgradeStatusFacts RowOf(UpgradeStatus status) => status switch
    {
        UpgradeStatus.Configuring => new(IsTerminal: false, ShowsTimes: true, MaintenanceEndKnown: true, HasTimeline: false, ViewLogByDefault: false),
        UpgradeStatus.Upgrading => new(IsTerminal: false, ShowsTimes: true, MaintenanceEndKnown: true, HasTimeline: true, ViewLogByDefault: false),
        UpgradeStatus.Verifying => new(IsTerminal: false, ShowsTimes: true, MaintenanceEndKnown: true, HasTimeline: true, ViewLogByDefault: false),
        UpgradeStatus.Succeeded => new(IsTerminal: true, ShowsTimes: true, MaintenanceEndKnown: true, HasTimeline: true, ViewLogByDefault: true),
        UpgradeStatus.Failed => new(IsTerminal: true, ShowsTimes: true, MaintenanceEndKnown: true, HasTimeline: true, ViewLogByDefault: false),
        UpgradeStatus.Stopped => new(IsTerminal: true, ShowsTimes: true, MaintenanceEndKnown: true, HasTimeline: true, ViewLogByDefault: true),
        UpgradeStatus.ForceStoppedSucceeded => new(IsTerminal: true, ShowsTimes: true, MaintenanceEndKnown: false, HasTimeline: true, ViewLogByDefault: true),
        UpgradeStatus.ForceStoppedFailed => new(IsTerminal: true, ShowsTimes: true, MaintenanceEndKnown: false, HasTimeline: true, ViewLogByDefault: true),
        UpgradeStatus.Canceled => new(IsTerminal: true, ShowsTimes: false, MaintenanceEndKnown: true, HasTimeline: false, ViewLogByDefault: false),
    };
#pragma warning restore CS8524
}
