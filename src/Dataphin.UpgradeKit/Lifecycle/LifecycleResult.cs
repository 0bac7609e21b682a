using Dataphin.UpgradeKit.Auditing;
using Dataphin.UpgradeKit.Notifications;

namespace Dataphin.UpgradeKit.Lifecycle;

/// <summary>The outcome of <see cref="UpgradeLifecycle.Apply"/>: the new snapshot, its audit entry and notifications.</summary>
internal sealed record LifecycleResult(
    LifecycleEffect Effect,
    UpgradeRecord Record,
    AuditEntry Audit,
    IReadOnlyList<UpgradeNotification> Notifications)
{
    public ActionReasonCode Reason => Audit.Reason;

    /// <summary>The force-stop request the change opens or closes (R-GOV-2), written in its transaction; null for none.</summary>
    public Storage.ForceStopRequestChange? ForceStopRequest { get; init; }
}
