using Dataphin.UpgradeKit.Internal;

namespace Dataphin.UpgradeKit.Lifecycle;

/// <summary>
/// The host's choices of <see cref="LifecycleRuleOptions"/> as a value (R-RULE-1): two hosts, or two services, with the
/// same choices share one compiled <see cref="LifecycleTable"/>.
/// </summary>
/// <param name="ViewLogStatuses">One bit per status (by <see cref="EnumOrdinals{TEnum}"/> position) that offers View log.</param>
/// <param name="StopWindow">How the Stop window is read.</param>
/// <param name="RemoveCanceledWithoutConfiguration">True when a cancel without saved configuration removes the record.</param>
/// <param name="ForceStopNeedsApproval">True when Force-stop is requested by one qualified operator and approved by another (R-GOV-2).</param>
/// <param name="CreatorMayApprove">True when the upgrade's creator may approve or reject a force-stop request they did not make.</param>
internal readonly record struct LifecycleRules(ulong ViewLogStatuses, StopWindowReading StopWindow, bool RemoveCanceledWithoutConfiguration,
    bool ForceStopNeedsApproval = false, bool CreatorMayApprove = true)
{
    /// <summary>The spec's decisions.</summary>
    public static LifecycleRules Default { get; } = From(new LifecycleRuleOptions());

    /// <summary>The value of <paramref name="options"/>, which must be valid (<see cref="UpgradeKitOptions.Validate"/>).</summary>
    public static LifecycleRules From(LifecycleRuleOptions options)
    {
        Guard.NotNull(options);
        if (EnumOrdinals<UpgradeStatus>.Count > 64)
        {
            throw new InvalidOperationException("More upgrade statuses than LifecycleRules has bits for.");
        }

        var statuses = 0UL;
        foreach (var status in (IEnumerable<UpgradeStatus>?)options.ViewLogStatuses ?? LifecycleRuleOptions.DefaultViewLogStatuses)
        {
            statuses |= 1UL << EnumOrdinals<UpgradeStatus>.Of(status);
        }

        return new LifecycleRules(statuses, Guard.Defined(options.StopWindow), options.RemoveCanceledWithoutConfiguration,
            options.ForceStopNeedsApproval, options.CreatorMayApprove);
    }

    /// <summary>True when records in <paramref name="status"/> offer View log (and the download).</summary>
    public bool OffersViewLog(UpgradeStatus status) => (ViewLogStatuses & (1UL << EnumOrdinals<UpgradeStatus>.Of(status))) != 0;
}
