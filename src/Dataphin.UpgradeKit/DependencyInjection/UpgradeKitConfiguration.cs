using Dataphin.UpgradeKit.Internal;
using Microsoft.Extensions.Configuration;

namespace Dataphin.UpgradeKit.DependencyInjection;

/// <summary>
/// Where <see cref="UpgradeKitOptions"/> were bound from, and what could not be read there: registered by
/// <c>AddUpgradeKit(IConfiguration)</c>, read by <see cref="UpgradeKitOptionsValidator"/> so that start-up lists the
/// values it could not read together with the ones out of range, each under its configuration key.
/// </summary>
internal sealed class UpgradeKitConfiguration(IConfiguration section)
{
    private List<string> _problems = [];

    /// <summary>The section's key, e.g. <c>UpgradeKit</c>.</summary>
    public string Path { get; } = section is IConfigurationSection s ? s.Path : string.Empty;

    /// <summary>What the last binding could not read, each naming its key.</summary>
    public IReadOnlyList<string> Problems => _problems;

    /// <summary>Sets every option the section holds on <paramref name="options"/>; absent keys keep their value.</summary>
    public void Bind(UpgradeKitOptions options)
    {
        var problems = new List<string>();
        var root = new OptionsSection(section, problems);
        root.Duration(nameof(UpgradeKitOptions.ShortNodeThreshold), v => options.ShortNodeThreshold = v);
        root.String(nameof(UpgradeKitOptions.QualifiedOperatorRole), v => options.QualifiedOperatorRole = v);
        root.Int32(nameof(UpgradeKitOptions.SystemChangeRetries), v => options.SystemChangeRetries = v);

        var rules = root.Child(nameof(UpgradeKitOptions.Rules));
        options.Rules ??= new LifecycleRuleOptions();
        rules.EnumList<UpgradeStatus>(nameof(LifecycleRuleOptions.ViewLogStatuses), v => options.Rules.ViewLogStatuses = v);
        rules.Enum<StopWindowReading>(nameof(LifecycleRuleOptions.StopWindow), v => options.Rules.StopWindow = v);
        rules.Boolean(nameof(LifecycleRuleOptions.RemoveCanceledWithoutConfiguration), v => options.Rules.RemoveCanceledWithoutConfiguration = v);
        rules.EnumList<UpgradeAction>(nameof(LifecycleRuleOptions.ReasonRequiredFor), v => options.Rules.ReasonRequiredFor = v);
        rules.EnumList<UpgradeAction>(nameof(LifecycleRuleOptions.ApprovalRequiredFor), v => options.Rules.ApprovalRequiredFor = v);
        rules.Boolean(nameof(LifecycleRuleOptions.CreatorMayApprove), v => options.Rules.CreatorMayApprove = v);

        var delivery = root.Child(nameof(UpgradeKitOptions.Delivery));
        options.Delivery ??= new NotificationDeliveryOptions();
        var d = options.Delivery;
        delivery.Boolean(nameof(NotificationDeliveryOptions.DispatcherEnabled), v => d.DispatcherEnabled = v);
        delivery.Duration(nameof(NotificationDeliveryOptions.SweepInterval), v => d.SweepInterval = v);
        delivery.Duration(nameof(NotificationDeliveryOptions.LeaseDuration), v => d.LeaseDuration = v);
        delivery.Int32(nameof(NotificationDeliveryOptions.MaxAttempts), v => d.MaxAttempts = v);
        delivery.Duration(nameof(NotificationDeliveryOptions.MaxAge), v => d.MaxAge = v);
        delivery.Duration(nameof(NotificationDeliveryOptions.BackoffBase), v => d.BackoffBase = v);
        delivery.Duration(nameof(NotificationDeliveryOptions.BackoffCap), v => d.BackoffCap = v);
        delivery.Int32(nameof(NotificationDeliveryOptions.BatchSize), v => d.BatchSize = v);

        var estimates = root.Child(nameof(UpgradeKitOptions.Estimates));
        options.Estimates ??= new UpgradeEstimateOptions();
        var e = options.Estimates;
        estimates.Duration(nameof(UpgradeEstimateOptions.StallMargin), v => e.StallMargin = v);
        estimates.Duration(nameof(UpgradeEstimateOptions.NoProgressTimeout), v => e.NoProgressTimeout = v);
        estimates.Int32(nameof(UpgradeEstimateOptions.ComparableWindow), v => e.ComparableWindow = v);
        estimates.Boolean(nameof(UpgradeEstimateOptions.StallCheckEnabled), v => e.StallCheckEnabled = v);
        estimates.Duration(nameof(UpgradeEstimateOptions.StallCheckInterval), v => e.StallCheckInterval = v);

        var approval = root.Child(nameof(UpgradeKitOptions.Approval));
        options.Approval ??= new ForceStopApprovalOptions();
        approval.Duration(nameof(ForceStopApprovalOptions.Expiry), v => options.Approval.Expiry = v);
        approval.Duration(nameof(ForceStopApprovalOptions.CheckInterval), v => options.Approval.CheckInterval = v);

        var retention = root.Child(nameof(UpgradeKitOptions.Retention));
        options.Retention ??= new RetentionOptions();
        var r = options.Retention;
        retention.Boolean(nameof(RetentionOptions.Enabled), v => r.Enabled = v);
        retention.Boolean(nameof(RetentionOptions.ServiceEnabled), v => r.ServiceEnabled = v);
        retention.Duration(nameof(RetentionOptions.FinishedRecordAge), v => r.FinishedRecordAge = v);
        retention.Int32(nameof(RetentionOptions.MinimumFinishedRecords), v => r.MinimumFinishedRecords = v);
        retention.Int32(nameof(RetentionOptions.BatchSize), v => r.BatchSize = v);
        retention.Int32(nameof(RetentionOptions.MaxBatchesPerRun), v => r.MaxBatchesPerRun = v);
        retention.Duration(nameof(RetentionOptions.Interval), v => r.Interval = v);
        retention.String(nameof(RetentionOptions.ArchiveDirectory), v => r.ArchiveDirectory = v);
        retention.Boolean(nameof(RetentionOptions.ArchiveConfigurations), v => r.ArchiveConfigurations = v);
        retention.Duration(nameof(RetentionOptions.ChangeFeedAge), v => r.ChangeFeedAge = v);
        retention.Duration(nameof(RetentionOptions.AuditEntryAge), v => r.AuditEntryAge = v);

        _problems = problems;
    }
}
