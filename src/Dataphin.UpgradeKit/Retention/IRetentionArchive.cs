using NodaTime;

namespace Dataphin.UpgradeKit.Retention;

/// <summary>
/// Where retention writes what it removes before it removes it. The default, <see cref="FileSystemRetentionArchive"/>,
/// writes compressed JSON Lines files and a manifest into a directory; a host may register its own (for example to send
/// the files to object storage). Implementations must make a batch durable before <see cref="WriteBatchAsync"/> returns.
/// </summary>
public interface IRetentionArchive
{
    /// <summary>
    /// Writes <paramref name="batch"/> and makes it final (durable, listed in the manifest with each file's SHA-256 and
    /// row count). A batch whose id is already final is not written again: its files are returned.
    /// </summary>
    /// <returns>The files holding the batch.</returns>
    Task<IReadOnlyList<RetentionArchiveFile>> WriteBatchAsync(RetentionArchiveBatch batch, CancellationToken cancellationToken = default);

    /// <summary>The batches written whose removal was not yet confirmed (a run stopped between the archive and the removal).</summary>
    Task<IReadOnlyList<RetentionArchiveBatchInfo>> ReadUnconfirmedBatchesAsync(CancellationToken cancellationToken = default);

    /// <summary>Records that the batch's records were removed (those in <paramref name="removed"/>; the others stayed in the store).</summary>
    Task ConfirmRemovedAsync(Guid batchId, IReadOnlyCollection<UpgradeRecordId> removed, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes a batch of audit entries retention removes by their own period and makes it final, like
    /// <see cref="WriteBatchAsync"/>: durable, listed in the manifest with each file's SHA-256 and counts. A batch whose id
    /// is already final is not written again: its files are returned.
    /// </summary>
    /// <returns>The files holding the batch.</returns>
    Task<IReadOnlyList<RetentionArchiveFile>> WriteAuditBatchAsync(RetentionAuditArchiveBatch batch, CancellationToken cancellationToken = default);

    /// <summary>Records that the batch's audit entries were removed (those in <paramref name="removed"/>; the others stayed in the store).</summary>
    Task ConfirmAuditEntriesRemovedAsync(Guid batchId, IReadOnlyCollection<string> removed, CancellationToken cancellationToken = default);
}

/// <summary>One batch of audit entries to archive, removed by the audit-entry period while their record stays.</summary>
public sealed record RetentionAuditArchiveBatch
{
    /// <summary>The batch's id: the same batch written again (after a crash) is recognised by it.</summary>
    public required Guid Id { get; init; }

    /// <summary>When the run that made the batch started.</summary>
    public required Instant CreatedAt { get; init; }

    /// <summary>The entries, each with the store's id of it, in the store's order.</summary>
    public required IReadOnlyList<Storage.StoredAuditEntry> Entries { get; init; }
}

/// <summary>One batch of records to archive, each with everything retention removes with it.</summary>
public sealed record RetentionArchiveBatch
{
    /// <summary>The batch's id: the same batch written again (after a crash) is recognised by it.</summary>
    public required Guid Id { get; init; }

    /// <summary>When the run that made the batch started.</summary>
    public required Instant CreatedAt { get; init; }

    /// <summary>The records, oldest first.</summary>
    public required IReadOnlyList<ArchivedRecord> Records { get; init; }
}

/// <summary>A final archive file.</summary>
public sealed record RetentionArchiveFile
{
    /// <summary>The file's name (no directory).</summary>
    public required string Name { get; init; }

    /// <summary>The SHA-256 of the file's bytes, as 64 lower-case hex digits.</summary>
    public required string Sha256 { get; init; }

    /// <summary>How many records the file holds (a file of audit entries holds none: one line per entry).</summary>
    public required int Records { get; init; }

    /// <summary>How many audit entries the file holds, in its records or on their own lines.</summary>
    public required int AuditEntries { get; init; }

    /// <summary>How many timeline events the file's records carry.</summary>
    public required int TimelineEvents { get; init; }
}

/// <summary>A batch the archive holds.</summary>
public sealed record RetentionArchiveBatchInfo
{
    /// <summary>The batch's id.</summary>
    public required Guid Id { get; init; }

    /// <summary>The records the batch holds; empty for a batch of audit entries.</summary>
    public required IReadOnlyList<UpgradeRecordId> RecordIds { get; init; }

    /// <summary>The store's ids of the audit entries the batch holds; empty for a batch of records.</summary>
    public IReadOnlyList<string> AuditEntryIds { get; init; } = [];

    /// <summary>Its files.</summary>
    public required IReadOnlyList<RetentionArchiveFile> Files { get; init; }
}
