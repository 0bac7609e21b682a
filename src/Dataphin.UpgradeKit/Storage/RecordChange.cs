using Dataphin.UpgradeKit.Auditing;
using Dataphin.UpgradeKit.Notifications;

namespace Dataphin.UpgradeKit.Storage;

/// <summary>
/// What a store writes together with a record change, in the same transaction: the audit entry and the
/// notifications for the outbox, and, when the change saves a configuration file, its content.
/// </summary>
/// <remarks>Not positional, so that a later version can add a property without breaking code built against this one.</remarks>
public sealed record RecordChange
{
    /// <summary>Creates the change's companions.</summary>
    /// <param name="audit">The audit entry of the change.</param>
    /// <param name="notifications">Notifications to put in the outbox; often empty.</param>
    public RecordChange(AuditEntry audit, IReadOnlyList<UpgradeNotification> notifications)
    {
        Audit = audit;
        Notifications = notifications;
    }

    /// <summary>The audit entry of the change.</summary>
    public AuditEntry Audit { get; init; }

    /// <summary>Notifications to put in the outbox; often empty.</summary>
    public IReadOnlyList<UpgradeNotification> Notifications { get; init; }

    /// <summary>
    /// The configuration file this change saves, content included, or null when the change leaves the stored
    /// content as it is. A store writes it with the record, in the same transaction; the record's
    /// <see cref="UpgradeRecord.Configuration"/> then names it. Only saving a configuration sets it, so no other
    /// change reads or rewrites a configuration's bytes.
    /// </summary>
    public ConfigurationFile? Configuration { get; init; }

    /// <summary>
    /// The force-stop request this change opens or closes, in the same transaction; null for none. A store that cannot
    /// apply it (a second pending request on the record, or a close of a request that is no longer pending) throws
    /// <see cref="ConcurrencyConflictException"/> and commits nothing.
    /// </summary>
    public ForceStopRequestChange? ForceStopRequest { get; init; }
}
