using NodaTime;

namespace Dataphin.UpgradeKit.Insights;

/// <summary>Which records the insights cover, and the maintenance budget their windows are held to.</summary>
public sealed record InsightsQuery
{
    /// <summary>
    /// The records created within this interval (start inclusive, end exclusive); null for every record. Creation is the
    /// one time every record has, canceled ones included.
    /// </summary>
    public Interval? Within { get; init; }

    /// <summary>
    /// The longest a maintenance window should last; windows longer than it count as overruns. Null: no budget, and no
    /// overrun count.
    /// </summary>
    public Duration? MaintenanceBudget { get; init; }

    /// <summary>Checks the query.</summary>
    /// <exception cref="ArgumentException">The budget is negative.</exception>
    public void Validate()
    {
        if (MaintenanceBudget is { } budget && budget < Duration.Zero)
        {
            throw new ArgumentException($"MaintenanceBudget must not be negative; it is {budget}.", nameof(MaintenanceBudget));
        }
    }
}
