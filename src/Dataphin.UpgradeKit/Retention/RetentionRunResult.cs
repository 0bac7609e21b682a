namespace Dataphin.UpgradeKit.Retention;

/// <summary>What one retention run did.</summary>
public sealed record RetentionRunResult
{
    /// <summary>False when the run did nothing because retention is off or another instance was running it.</summary>
    public required bool Ran { get; init; }

    /// <summary>How many records were archived and removed.</summary>
    public int RemovedRecords { get; init; }

    /// <summary>How many audit entries were archived and removed by their own period (<see cref="RetentionOptions.AuditEntryAge"/>), besides those that went with their record.</summary>
    public int RemovedAuditEntries { get; init; }

    /// <summary>How many batches were archived (including batches of an earlier run that were finished now).</summary>
    public int Batches { get; init; }

    /// <summary>
    /// The archive files written (or finished) by the run, once each in the order first written: the file's SHA-256 after
    /// the run's last write to it, and the records, audit entries and timeline events the run put into it.
    /// </summary>
    public IReadOnlyList<RetentionArchiveFile> Files { get; init; } = [];
}
