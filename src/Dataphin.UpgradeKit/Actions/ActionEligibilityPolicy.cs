using System.Globalization;
using Dataphin.UpgradeKit.Lifecycle;
using Dataphin.UpgradeKit.Operators;

namespace Dataphin.UpgradeKit.Actions;

/// <summary>
/// The default policy of SPEC §4. It answers from a table the lifecycle's own state machine filled in, so what it
/// offers is exactly what firing accepts (R-ACT-2), in an array lookup and without allocating.
/// </summary>
public sealed class ActionEligibilityPolicy : IActionEligibilityPolicy
{
    private readonly IOperatorQualification _qualification;

    /// <summary>Creates the policy.</summary>
    /// <param name="qualification">Who is a qualified O&amp;M engineer; <see cref="RoleOperatorQualification"/> when null.</param>
    public ActionEligibilityPolicy(IOperatorQualification? qualification = null)
    {
        _qualification = qualification ?? new RoleOperatorQualification();
    }

    /// <inheritdoc />
    public ActionEligibilitySet Evaluate(UpgradeRecord record, OperatorIdentity actor, CultureInfo? culture = null)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(actor);
        return UpgradeLifecycle.Instance.Eligibility(
            record.Status,
            record.ForceStopTaskRan,
            record.ApplicationShutdownStarted,
            _qualification.IsQualifiedOmEngineer(actor),
            culture);
    }
}
