using Dataphin.UpgradeKit.Internal;

namespace Dataphin.UpgradeKit.Retention;

// Audit entries removed by their own period: one file per day of the entry (audit-2026-01-05.jsonl.gz), one line per
// entry keyed by the store's id of it, in the same manifest and written the same way as the records' day files.
public sealed partial class FileSystemRetentionArchive
{
    private const string AuditPrefix = "audit-";

    /// <inheritdoc />
    public Task<IReadOnlyList<RetentionArchiveFile>> WriteAuditBatchAsync(RetentionAuditArchiveBatch batch, CancellationToken cancellationToken = default)
    {
        Guard.NotNull(batch);
        return WriteDaysAsync(batch.Id, batch.CreatedAt, AuditPrefix, batch.Entries, e => e.Entry.At, ArchiveJson.WriteAuditLine,
            static part => (0, part.Count, 0), "entryIds", batch.Entries.Select(e => e.Id), cancellationToken);
    }

    /// <inheritdoc />
    public Task ConfirmAuditEntriesRemovedAsync(Guid batchId, IReadOnlyCollection<string> removed, CancellationToken cancellationToken = default)
    {
        Guard.NotNull(removed);
        return ConfirmAsync(batchId, "entryIds", removed, cancellationToken);
    }

    /// <summary>Whether <paramref name="name"/> is a file of audit entries archived on their own (not a file of records).</summary>
    internal static bool IsAuditFile(string name) => name.StartsWith(AuditPrefix, StringComparison.Ordinal);
}
