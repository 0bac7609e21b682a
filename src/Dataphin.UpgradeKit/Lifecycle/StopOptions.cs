using System.Diagnostics.CodeAnalysis;

namespace Dataphin.UpgradeKit.Lifecycle;

/// <summary>The choices of the Stop Upgrade dialog.</summary>
public sealed record StopOptions
{
    /// <summary>Creates empty options; set the required properties with an object initializer.</summary>
    public StopOptions()
    {
    }

    /// <summary>Creates the options with the rerun choice and no reason.</summary>
    /// <param name="RerunForceStoppedInstances">See <see cref="RerunForceStoppedInstances"/>.</param>
    [SetsRequiredMembers]
    [SuppressMessage("Style", "IDE1006:Naming Styles", Justification = "The positional record's parameter names, so that existing named arguments still compile.")]
    public StopOptions(bool RerunForceStoppedInstances)
    {
        this.RerunForceStoppedInstances = RerunForceStoppedInstances;
    }

    /// <summary>
    /// True to have the system rerun the task instances the upgrade force-stopped once it has stopped; false to
    /// leave them for a manual rerun in task O&amp;M.
    /// </summary>
    public required bool RerunForceStoppedInstances { get; init; }

    /// <summary>
    /// Why the operator stops the upgrade; recorded in the audit trail and handed to the host with the notification.
    /// Null when none was given, which is refused when the host requires a reason for Stop
    /// (<see cref="LifecycleRuleOptions.ReasonRequiredFor"/>).
    /// </summary>
    public OperatorReason? Reason { get; init; }
}
