using NodaTime;

namespace Dataphin.UpgradeKit;

/// <summary>
/// Settings of the SDK. Validate once with <see cref="Validate"/>; the registration does it at start-up. Bind them from
/// configuration with <c>services.AddUpgradeKit(configuration.GetSection("UpgradeKit"))</c>: nested rules and delivery
/// options included, durations written as .NET writes a <see cref="TimeSpan"/> (<c>"00:00:05"</c>, <c>"1.00:00:00"</c>),
/// and a value that is wrong is reported with its configuration key (<c>UpgradeKit:Delivery:MaxAttempts</c>).
/// </summary>
public sealed class UpgradeKitOptions
{
    /// <summary>The role a qualified O&amp;M engineer carries unless <see cref="QualifiedOperatorRole"/> says otherwise.</summary>
    public const string DefaultQualifiedOperatorRole = "om-engineer";

    /// <summary>Timeline nodes that finished faster than this show only their completion time.</summary>
    /// <value>The default value is 1 second.</value>
    public Duration ShortNodeThreshold { get; set; } = Duration.FromSeconds(1);

    /// <summary>The role <see cref="Operators.RoleOperatorQualification"/> looks for.</summary>
    /// <value>The default value is <c>om-engineer</c> (<see cref="DefaultQualifiedOperatorRole"/>).</value>
    public string QualifiedOperatorRole { get; set; } = DefaultQualifiedOperatorRole;

    /// <summary>
    /// How many times a change the host reports (start, progress, failure…) is re-read and re-applied when it
    /// meets a concurrent change; operator actions are never retried, their conflict is the operator's to see.
    /// </summary>
    /// <value>The default value is 8.</value>
    public int SystemChangeRetries { get; set; } = 8;

    /// <summary>The spec's decisions a host may change: View log statuses, Stop window, removal on cancel.</summary>
    /// <value>The default value is a <see cref="LifecycleRuleOptions"/> with the spec's decisions.</value>
    public LifecycleRuleOptions Rules { get; set; } = new();

    /// <summary>How host notifications are delivered: the hosted dispatcher, leases, retries, dead letters.</summary>
    /// <value>The default value is a <see cref="NotificationDeliveryOptions"/> with its documented defaults.</value>
    public NotificationDeliveryOptions Delivery { get; set; } = new();

    /// <summary>How running upgrades are estimated and when they count as stalled.</summary>
    /// <value>The default value is an <see cref="UpgradeEstimateOptions"/> with its documented defaults.</value>
    public UpgradeEstimateOptions Estimates { get; set; } = new();

    /// <summary>When old finished records are archived and removed; off by default.</summary>
    public RetentionOptions Retention { get; set; } = new();

    /// <summary>The two-person rule for force-stopping an upgrade.</summary>
    public ForceStopApprovalOptions Approval { get; set; } = new();

    /// <summary>Throws when a setting is out of range, listing every problem at once.</summary>
    /// <exception cref="ArgumentException">One or more settings are invalid.</exception>
    public void Validate()
    {
        var problems = Problems().ToList();
        if (problems.Count > 0)
        {
            throw new ArgumentException("Invalid UpgradeKit options: " + string.Join(" ", problems));
        }
    }

    /// <summary>
    /// The problems of these options, each a sentence that starts with the option's path (<c>Delivery.MaxAttempts</c>),
    /// which the registration turns into the configuration key the option was bound from; empty when valid.
    /// </summary>
    internal IEnumerable<string> Problems()
    {
        if (ShortNodeThreshold < Duration.Zero)
        {
            yield return $"ShortNodeThreshold must not be negative (it is {ShortNodeThreshold}).";
        }

        if (string.IsNullOrWhiteSpace(QualifiedOperatorRole))
        {
            yield return "QualifiedOperatorRole must name a role.";
        }

        if (SystemChangeRetries is < 0 or > 100)
        {
            yield return $"SystemChangeRetries must be between 0 and 100 (it is {SystemChangeRetries}).";
        }

        if (Rules is null)
        {
            yield return "Rules must not be null.";
        }
        else
        {
            foreach (var problem in Rules.Problems())
            {
                yield return problem;
            }
        }

        if (Delivery is null)
        {
            yield return "Delivery must not be null.";
        }
        else
        {
            foreach (var problem in Delivery.Problems())
            {
                yield return problem;
            }
        }

        if (Estimates is null)
        {
            yield return "Estimates must not be null.";
        }
        else
        {
            foreach (var problem in Estimates.Problems())
            {
                yield return "Estimates." + problem;
            }
        }

        if (Approval is null)
        {
            yield return "Approval must not be null.";
        }
        else
        {
            foreach (var problem in Approval.Problems())
            {
                yield return problem;
            }
        }

        if (Retention is null)
        {
            yield return "Retention must not be null.";
        }
        else
        {
            foreach (var problem in Retention.Problems())
            {
                yield return problem;
            }
        }
    }
}
