using NodaTime;

namespace Dataphin.UpgradeKit;

/// <summary>How estimates are made and when a running upgrade counts as stalled.</summary>
public sealed class UpgradeEstimateOptions
{
    /// <summary>How far past the late edge of its estimate an upgrade may run before it is stalled.</summary>
    /// <value>The default value is 10 minutes.</value>
    public Duration StallMargin { get; set; } = Duration.FromMinutes(10);

    /// <summary>How long an upgrade may go without a reported progress event before it is stalled; null turns this rule off.</summary>
    /// <value>The default value is 30 minutes.</value>
    public Duration? NoProgressTimeout { get; set; } = Duration.FromMinutes(30);

    // An estimate needs three comparable upgrades (Estimates.UpgradeEstimate.MinimumComparables; the root namespace
    // depends on no feature).
    private const int MinimumComparables = 3;

    // A store reads the window as one page of records at most.
    private const int MaxComparableWindow = 500;

    /// <summary>How many of the most recent finished upgrades of a mode an estimate compares against.</summary>
    /// <value>The default value is 200; at most 500.</value>
    public int ComparableWindow { get; set; } = 200;

    /// <summary>
    /// True to run the hosted stall check that <c>AddUpgradeKit()</c> registers: it notifies the host once when a running
    /// upgrade becomes stalled. False for a host that runs the check itself, or wants no stall notifications.
    /// </summary>
    /// <value>The default value is true.</value>
    public bool StallCheckEnabled { get; set; } = true;

    /// <summary>How often the hosted stall check looks at the running upgrades; between 1 second and 1 hour.</summary>
    /// <value>The default value is 1 minute.</value>
    public Duration StallCheckInterval { get; set; } = Duration.FromMinutes(1);

    private static readonly Duration MinStallCheckInterval = Duration.FromSeconds(1);
    private static readonly Duration MaxStallCheckInterval = Duration.FromHours(1);

    /// <summary>Throws when a setting is out of range, listing every problem at once.</summary>
    /// <exception cref="ArgumentException">One or more settings are invalid.</exception>
    public void Validate()
    {
        var problems = Problems().ToList();
        if (problems.Count > 0)
        {
            throw new ArgumentException("Invalid estimate options: " + string.Join(" ", problems));
        }
    }

    /// <summary>The problems of these options, each a sentence that starts with the option's name; empty when valid.</summary>
    internal IEnumerable<string> Problems()
    {
        if (StallMargin < Duration.Zero)
        {
            yield return $"StallMargin must not be negative (it is {StallMargin}).";
        }

        if (NoProgressTimeout is { } t && t <= Duration.Zero)
        {
            yield return $"NoProgressTimeout must be positive or null (it is {t}).";
        }

        if (ComparableWindow is < MinimumComparables or > MaxComparableWindow)
        {
            yield return $"ComparableWindow must be between {MinimumComparables} and {MaxComparableWindow} (it is {ComparableWindow}).";
        }

        if (StallCheckInterval < MinStallCheckInterval || StallCheckInterval > MaxStallCheckInterval)
        {
            yield return $"StallCheckInterval must be between {MinStallCheckInterval} and {MaxStallCheckInterval} (it is {StallCheckInterval}).";
        }
    }
}
