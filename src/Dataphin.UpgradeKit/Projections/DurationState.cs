namespace Dataphin.UpgradeKit.Projections;

/// <summary>
/// What a duration's raw value means when the display shows <c>-</c>: nothing to measure, still growing, or never
/// recorded. Written in JSON as <c>notApplicable</c>, <c>running</c>, <c>unknown</c> or <c>known</c>.
/// </summary>
public enum DurationState
{
    /// <summary>There is nothing to measure: not started yet, cancelled, or no maintenance upgrade mode (a zero-downtime upgrade).</summary>
    NotApplicable = 0,

    /// <summary>
    /// Started and still going: the upgrade is not finished, or maintenance upgrade mode is still on. The seconds are
    /// null (the projections read no clock); the elapsed time so far is now minus the start.
    /// </summary>
    Running = 1,

    /// <summary>Started, but its end was never recorded and will not be: maintenance upgrade mode of a force-stopped upgrade.</summary>
    Unknown = 2,

    /// <summary>Both ends are known; the seconds hold the duration.</summary>
    Known = 3,
}
