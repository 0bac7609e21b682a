using Dataphin.UpgradeKit.Auditing;
using Dataphin.UpgradeKit.Notifications;

namespace Dataphin.UpgradeKit.Storage;

/// <summary>
/// What a store writes together with a record change, in the same transaction: the audit entry and the
/// notifications for the outbox (R-SM-7, R-HOST-1), and, when the change saves a configuration file, its content.
/// </summary>
/// <param name="Audit">The audit entry of the change.</param>
/// <param name="Notifications">Notifications to put in the outbox; often empty.</param>
public sealed record RecordChange(AuditEntry Audit, IReadOnlyList<UpgradeNotification> Notifications)
{
    /// <summary>
    /// The configuration file this change saves, content included, or null when the change leaves the stored
    /// content as it is. A store writes it with the record, in the same transaction; the record's
    /// <see cref="UpgradeRecord.Configuration"/> then names it. Only saving a configuration sets it, so no other
    /// change reads or rewrites a configuration's bytes.
    /// </summary>
    public ConfigurationFile? Configuration { get; init; }
}
