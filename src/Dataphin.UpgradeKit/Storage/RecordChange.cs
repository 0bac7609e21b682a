using Dataphin.UpgradeKit.Auditing;
using Dataphin.UpgradeKit.Notifications;

namespace Dataphin.UpgradeKit.Storage;

/// <summary>
/// What a store writes together with a record change, in the same transaction: the audit entry and the
/// notifications for the outbox (R-SM-7, R-HOST-1).
/// </summary>
/// <param name="Audit">The audit entry of the change.</param>
/// <param name="Notifications">Notifications to put in the outbox; often empty.</param>
public sealed record RecordChange(AuditEntry Audit, IReadOnlyList<UpgradeNotification> Notifications);
