using Dataphin.UpgradeKit.Auditing;

namespace Dataphin.UpgradeKit.Storage;

/// <summary>
/// The audit trail of every record. Changes write their entry through <see cref="IUpgradeRecordStore"/>; this
/// interface appends what changes no record (refusals, resumes, views, downloads) and reads a trail back.
/// </summary>
public interface IAuditTrail
{
    /// <summary>Appends an entry that goes with no record change.</summary>
    /// <exception cref="UpgradeStoreException">The store cannot be written.</exception>
    Task AppendAsync(AuditEntry entry, CancellationToken cancellationToken = default);

    /// <summary>The trail of one record, oldest first (kept after a record is removed).</summary>
    /// <exception cref="UpgradeStoreException">The store cannot be read.</exception>
    Task<IReadOnlyList<AuditEntry>> ReadAsync(UpgradeRecordId recordId, CancellationToken cancellationToken = default);
}
