using NodaTime;

namespace Dataphin.UpgradeKit;

/// <summary>
/// Settings of the SDK. Validate once with <see cref="Validate"/>; the registration does it at start-up. The options
/// bind from configuration with the host's own binder, nested rules included, e.g.
/// <c>services.AddOptions&lt;UpgradeKitOptions&gt;().Bind(configuration.GetSection("UpgradeKit"))</c> next to
/// <c>AddUpgradeKit()</c>; <see cref="ShortNodeThreshold"/> reads NodaTime's duration text (<c>0:00:00:01</c>).
/// </summary>
public sealed class UpgradeKitOptions
{
    /// <summary>The role a qualified O&amp;M engineer carries unless <see cref="QualifiedOperatorRole"/> says otherwise.</summary>
    public const string DefaultQualifiedOperatorRole = "om-engineer";

    /// <summary>Timeline nodes that finished faster than this show only their completion time (R-TIME-7).</summary>
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

    /// <summary>The spec's decisions a host may change (R-RULE-1): View log statuses, Stop window, removal on cancel.</summary>
    /// <value>The default value is a <see cref="LifecycleRuleOptions"/> with the spec's decisions.</value>
    public LifecycleRuleOptions Rules { get; set; } = new();

    /// <summary>How host notifications are delivered: the hosted dispatcher, leases, retries, dead letters (R-DLV-1…4).</summary>
    /// <value>The default value is a <see cref="NotificationDeliveryOptions"/> with its documented defaults.</value>
    public NotificationDeliveryOptions Delivery { get; set; } = new();

    /// <summary>Throws when a setting is out of range, listing every problem at once.</summary>
    /// <exception cref="ArgumentException">One or more settings are invalid.</exception>
    public void Validate()
    {
        var problems = new List<string>();
        if (ShortNodeThreshold < Duration.Zero)
        {
            problems.Add($"ShortNodeThreshold must not be negative (it is {ShortNodeThreshold}).");
        }

        if (string.IsNullOrWhiteSpace(QualifiedOperatorRole))
        {
            problems.Add("QualifiedOperatorRole must name a role.");
        }

        if (SystemChangeRetries is < 0 or > 100)
        {
            problems.Add($"SystemChangeRetries must be between 0 and 100 (it is {SystemChangeRetries}).");
        }

        if (Rules is null)
        {
            problems.Add("Rules must not be null.");
        }
        else
        {
            problems.AddRange(Rules.Problems());
        }

        if (Delivery is null)
        {
            problems.Add("Delivery must not be null.");
        }
        else
        {
            problems.AddRange(Delivery.Problems());
        }

        if (problems.Count > 0)
        {
            throw new ArgumentException("Invalid UpgradeKit options: " + string.Join(" ", problems));
        }
    }
}
