using NodaTime;

namespace Dataphin.UpgradeKit;

/// <summary>
/// The timing of the two-person rule for force-stopping an upgrade (whether it applies, and whether the upgrade's
/// creator may decide, are lifecycle rules: <see cref="LifecycleRuleOptions.ApprovalRequiredFor"/> and
/// <see cref="LifecycleRuleOptions.CreatorMayApprove"/>). Bound from the <c>UpgradeKit:Approval</c> configuration section.
/// </summary>
public sealed class ForceStopApprovalOptions
{
    /// <summary>How long a force-stop request waits for a decision before it expires. Between 1 minute and 7 days.</summary>
    /// <value>The default value is 30 minutes.</value>
    public Duration Expiry { get; set; } = Duration.FromMinutes(30);

    /// <summary>How often each instance looks for force-stop requests whose time is up. Between 1 second and 1 hour.</summary>
    /// <value>The default value is 1 minute.</value>
    public Duration CheckInterval { get; set; } = Duration.FromMinutes(1);

    internal IEnumerable<string> Problems()
    {
        if (Expiry < Duration.FromMinutes(1) || Expiry > Duration.FromDays(7))
        {
            yield return $"Approval.Expiry must be between 1 minute and 7 days (it is {Expiry}).";
        }

        if (CheckInterval < Duration.FromSeconds(1) || CheckInterval > Duration.FromHours(1))
        {
            yield return $"Approval.CheckInterval must be between 1 second and 1 hour (it is {CheckInterval}).";
        }
    }
}
