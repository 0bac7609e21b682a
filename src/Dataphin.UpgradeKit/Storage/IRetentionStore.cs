using NodaTime;

namespace Dataphin.UpgradeKit.Storage;

/// <summary>
/// What retention needs from a store beyond <see cref="IUpgradeStore"/>: pins, choosing the records a policy lets go,
/// and removing them with everything that belongs to them. The SDK's stores implement it; a store that does not cannot
/// run retention.
/// </summary>
/// <remarks>
/// A store never offers (nor removes) a record that is not finished, the first record ever created, the latest
/// succeeded record, a pinned record, or a record with a notification not yet delivered (pending or dead-lettered).
/// </remarks>
public interface IRetentionStore
{
    /// <summary>Pins (keeps whatever the policy) or unpins a record.</summary>
    /// <returns>True when the record exists (pinned or unpinned now, whatever it was before); false when there is no such record.</returns>
    /// <exception cref="UpgradeStoreException">The store cannot be written.</exception>
    Task<bool> SetPinnedAsync(UpgradeRecordId id, bool pinned, CancellationToken cancellationToken = default);

    /// <summary>Whether a record is pinned; false when there is no such record.</summary>
    /// <exception cref="UpgradeStoreException">The store cannot be read.</exception>
    Task<bool> IsPinnedAsync(UpgradeRecordId id, CancellationToken cancellationToken = default);

    /// <summary>
    /// The oldest records the policy lets go, oldest first: finished before <see cref="RetentionSelection.FinishedBefore"/>,
    /// not among the <see cref="RetentionSelection.KeepNewest"/> most recent finished records, and none of the records a
    /// store always keeps; at most <see cref="RetentionSelection.MaxCount"/>.
    /// </summary>
    /// <exception cref="UpgradeStoreException">The store cannot be read.</exception>
    Task<IReadOnlyList<RetentionCandidate>> SelectRemovableAsync(RetentionSelection selection, CancellationToken cancellationToken = default);

    /// <summary>
    /// Removes, in one transaction, those of <paramref name="ids"/> that may still go (a record pinned, or given an
    /// undelivered notification, since it was selected stays), each with its configuration, audit entries, timeline,
    /// notifications and change-feed rows, and adds one removal to the change feed per record removed. Ids already gone
    /// are skipped, so a repeated call removes nothing twice.
    /// </summary>
    /// <returns>The ids removed by this call.</returns>
    /// <exception cref="UpgradeStoreException">The store cannot be written; nothing was removed.</exception>
    Task<IReadOnlyList<UpgradeRecordId>> RemoveAsync(IReadOnlyCollection<UpgradeRecordId> ids, CancellationToken cancellationToken = default);

    /// <summary>
    /// Takes (or renews) the one retention lease of the database for <paramref name="holder"/> until
    /// <paramref name="until"/>, when no other holder has it or its lease ran out by <paramref name="now"/>.
    /// </summary>
    /// <returns>True when <paramref name="holder"/> holds the lease now.</returns>
    /// <exception cref="UpgradeStoreException">The store cannot be written.</exception>
    Task<bool> TryAcquireRunLeaseAsync(Guid holder, Instant now, Instant until, CancellationToken cancellationToken = default);

    /// <summary>Gives the lease back if <paramref name="holder"/> holds it.</summary>
    /// <exception cref="UpgradeStoreException">The store cannot be written.</exception>
    Task ReleaseRunLeaseAsync(Guid holder, CancellationToken cancellationToken = default);
}

/// <summary>Which records a retention batch may take.</summary>
public sealed record RetentionSelection
{
    /// <summary>Only records finished before this instant.</summary>
    public required Instant FinishedBefore { get; init; }

    /// <summary>The number of most recent finished records kept whatever their age.</summary>
    public required int KeepNewest { get; init; }

    /// <summary>The most records returned.</summary>
    public required int MaxCount { get; init; }
}

/// <summary>A record retention may remove.</summary>
public sealed record RetentionCandidate
{
    /// <summary>The record.</summary>
    public required UpgradeRecordId Id { get; init; }

    /// <summary>When it finished: the end of its upgrade, or its creation when it never started.</summary>
    public required Instant FinishedAt { get; init; }
}
