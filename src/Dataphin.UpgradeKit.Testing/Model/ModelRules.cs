namespace Dataphin.UpgradeKit.Testing.Model;

/// <summary>
/// The rules a host chose, as the reference model reads them: which statuses offer View log, how the Stop window is
/// read, and whether a cancel without a saved configuration removes the record.
/// </summary>
public sealed class ModelRules
{
    /// <summary>Creates the rules.</summary>
    /// <param name="viewLogStatuses">The statuses whose records offer View log.</param>
    /// <param name="stopWindow">How the Stop window is read.</param>
    /// <param name="removeCanceledWithoutConfiguration">True when a cancel before any configuration was saved removes the record.</param>
    public ModelRules(IEnumerable<UpgradeStatus> viewLogStatuses, StopWindowReading stopWindow, bool removeCanceledWithoutConfiguration)
    {
        ArgumentNullException.ThrowIfNull(viewLogStatuses);
        ViewLogStatuses = new HashSet<UpgradeStatus>(viewLogStatuses);
        StopWindow = stopWindow;
        RemoveCanceledWithoutConfiguration = removeCanceledWithoutConfiguration;
    }

    /// <summary>
    /// The product page's rules: View log for Upgrade Succeeded, Upgrade Stopped and both force-stopped statuses; the
    /// Stop window read literally; a cancel without saved configuration removes the record. Written out here, not
    /// read from the SDK, so that a change of the SDK's defaults shows up as a disagreement.
    /// </summary>
    public static ModelRules Default { get; } = new(
        [UpgradeStatus.Succeeded, UpgradeStatus.Stopped, UpgradeStatus.ForceStoppedSucceeded, UpgradeStatus.ForceStoppedFailed],
        StopWindowReading.Literal, removeCanceledWithoutConfiguration: true);

    /// <summary>The statuses whose records offer View log.</summary>
    public IReadOnlySet<UpgradeStatus> ViewLogStatuses { get; }

    /// <summary>How the Stop window is read.</summary>
    public StopWindowReading StopWindow { get; }

    /// <summary>True when a cancel before any configuration was saved removes the record.</summary>
    public bool RemoveCanceledWithoutConfiguration { get; }

    /// <summary>The actions refused without the operator's reason.</summary>
    /// <value>The default value is Force-stop alone, as the product's rules require.</value>
    public IReadOnlySet<UpgradeAction> ReasonRequiredFor { get; init; } = new HashSet<UpgradeAction> { UpgradeAction.ForceStop };

    /// <summary>True when Force-stop is requested by one qualified O&amp;M engineer and approved by another (the two-person rule).</summary>
    /// <value>The default value is true, as the product's rules require.</value>
    public bool ForceStopNeedsApproval { get; init; } = true;

    /// <summary>True when the upgrade's creator may approve or reject a force-stop request they did not make.</summary>
    /// <value>The default value is true.</value>
    public bool CreatorMayApprove { get; init; } = true;

    /// <summary>
    /// The model's reading of options a host gives the SDK; <see cref="Default"/>'s values where the options leave a
    /// choice open (null options, or no View log statuses given).
    /// </summary>
    /// <param name="options">The host's rule options; null for the defaults.</param>
    public static ModelRules From(LifecycleRuleOptions? options) => options is null
        ? Default
        : new ModelRules((IEnumerable<UpgradeStatus>?)options.ViewLogStatuses ?? Default.ViewLogStatuses, options.StopWindow, options.RemoveCanceledWithoutConfiguration)
        {
            ReasonRequiredFor = options.ReasonRequiredFor is { } required ? new HashSet<UpgradeAction>(required) : Default.ReasonRequiredFor,
            ForceStopNeedsApproval = options.ApprovalRequiredFor is { } approval ? approval.Contains(UpgradeAction.ForceStop) : Default.ForceStopNeedsApproval,
            CreatorMayApprove = options.CreatorMayApprove,
        };

    /// <inheritdoc />
    public override string ToString() =>
        $"ViewLog=[{string.Join(",", ViewLogStatuses.Order())}] StopWindow={StopWindow} RemoveCanceledWithoutConfiguration={RemoveCanceledWithoutConfiguration} ReasonRequiredFor=[{string.Join(",", ReasonRequiredFor.Order())}] Approval={ForceStopNeedsApproval} CreatorMayApprove={CreatorMayApprove}";
}
