using NodaTime;

namespace Dataphin.UpgradeKit.Storage;

/// <summary>
/// The audit of retention runs: what each run removed, who ran it, and which archive files hold what it removed. The
/// SDK's stores implement it; retention over a store that does not still runs, without the list of runs.
/// </summary>
public interface IRetentionRunLog
{
    /// <summary>How many notifications and change-feed rows of <paramref name="ids"/> a removal takes with the records.</summary>
    /// <exception cref="UpgradeStoreException">The store cannot be read.</exception>
    Task<RetentionRowCounts> CountDependentRowsAsync(IReadOnlyCollection<UpgradeRecordId> ids, CancellationToken cancellationToken = default);

    /// <summary>Keeps <paramref name="run"/>; a run with the same id already kept is left as it is.</summary>
    /// <exception cref="UpgradeStoreException">The store cannot be written.</exception>
    Task AppendRunAsync(RetentionRunEntry run, CancellationToken cancellationToken = default);

    /// <summary>The most recent <paramref name="limit"/> runs, newest first.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="limit"/> is not positive.</exception>
    /// <exception cref="UpgradeStoreException">The store cannot be read.</exception>
    Task<IReadOnlyList<RetentionRunEntry>> ReadRunsAsync(int limit, CancellationToken cancellationToken = default);
}

/// <summary>Rows a removal takes with its records besides their audit entries and timeline events.</summary>
public sealed record RetentionRowCounts
{
    /// <summary>Notifications (delivered ones: a record with an undelivered notification is never removed).</summary>
    public required int Notifications { get; init; }

    /// <summary>Change-feed rows of the records.</summary>
    public required int ChangeRows { get; init; }
}

/// <summary>How a retention run ended.</summary>
public enum RetentionRunOutcome
{
    /// <summary>The run removed records.</summary>
    Removed = 1,

    /// <summary>The run found nothing the policy lets go.</summary>
    Idle = 2,

    /// <summary>The run failed; what it removed before the failure is counted.</summary>
    Failed = 3,
}

/// <summary>One retention run as the store keeps it.</summary>
public sealed record RetentionRunEntry
{
    /// <summary>The run's id (the one its log events name).</summary>
    public required Guid Id { get; init; }

    /// <summary>Who ran it: the operator who asked, or <c>system</c> for the hosted retention service.</summary>
    public required string Actor { get; init; }

    /// <summary>When it started.</summary>
    public required Instant StartedAt { get; init; }

    /// <summary>When it ended.</summary>
    public required Instant FinishedAt { get; init; }

    /// <summary>How it ended.</summary>
    public required RetentionRunOutcome Outcome { get; init; }

    /// <summary>Records archived and removed.</summary>
    public required int RemovedRecords { get; init; }

    /// <summary>Records archived but kept (pinned, or given a notification, after they were chosen).</summary>
    public required int KeptRecords { get; init; }

    /// <summary>Batches written (or finished after an earlier run stopped): of records, and of audit entries removed by their own period.</summary>
    public required int Batches { get; init; }

    /// <summary>Audit entries archived and removed: those that went with their records, and those older than the audit-entry period.</summary>
    public required int AuditEntries { get; init; }

    /// <summary>Timeline events removed with the records.</summary>
    public required int TimelineEvents { get; init; }

    /// <summary>Notifications removed with the records.</summary>
    public required int Notifications { get; init; }

    /// <summary>Change-feed rows removed with the records.</summary>
    public required int ChangeRows { get; init; }

    /// <summary>The archive files that hold what the run removed, by name.</summary>
    public required IReadOnlyList<string> Files { get; init; }

    /// <summary>The type of the error that ended a failed run; null otherwise.</summary>
    public string? Error { get; init; }
}
