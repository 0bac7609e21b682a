using Dataphin.UpgradeKit.Auditing;
using NodaTime;

namespace Dataphin.UpgradeKit.Storage;

/// <summary>
/// Chooses and removes old audit entries one by one, for retention's audit-entry period. The SDK's stores implement it.
/// </summary>
/// <remarks>
/// A store never offers (nor removes) an entry of a record that is not finished, is pinned, or has a notification not
/// yet delivered (pending or dead-lettered): while a record is in one of these states its whole trail stays. Entries
/// of a record the store no longer holds (removed on cancel) go by their age alone.
/// </remarks>
public interface IAuditEntryRetention
{
    /// <summary>
    /// The oldest entries written before <see cref="AuditEntrySelection.Before"/> that may go, in the store's order
    /// (ascending ids), after <see cref="AuditEntrySelection.After"/>; at most <see cref="AuditEntrySelection.MaxCount"/>.
    /// </summary>
    /// <exception cref="UpgradeStoreException">The store cannot be read.</exception>
    Task<IReadOnlyList<StoredAuditEntry>> SelectExpiredAuditEntriesAsync(AuditEntrySelection selection, CancellationToken cancellationToken = default);

    /// <summary>
    /// Removes, in one transaction, those of <paramref name="ids"/> that may still go: written before
    /// <paramref name="before"/>, and their record still neither unfinished, pinned, nor waiting for a notification.
    /// Ids already gone are skipped, so a repeated call removes nothing twice.
    /// </summary>
    /// <returns>The ids of <paramref name="ids"/> the store still holds afterwards (entries that may not go); every other one is gone, by this call or an earlier one.</returns>
    /// <exception cref="UpgradeStoreException">The store cannot be written; nothing was removed.</exception>
    Task<IReadOnlyList<string>> RemoveAuditEntriesAsync(IReadOnlyCollection<string> ids, Instant before, CancellationToken cancellationToken = default);
}

/// <summary>Which audit entries a retention batch may take.</summary>
public sealed record AuditEntrySelection
{
    /// <summary>Only entries written before this instant.</summary>
    public required Instant Before { get; init; }

    /// <summary>Only entries after this id (the last one of the previous batch); null to start from the oldest.</summary>
    public string? After { get; init; }

    /// <summary>The most entries returned.</summary>
    public required int MaxCount { get; init; }
}

/// <summary>An audit entry with the id its store keys it by.</summary>
public sealed record StoredAuditEntry
{
    /// <summary>
    /// The store's id of the entry: unique in the store and never reused, so an archive can tell an entry it already holds.
    /// Its form is the store's.
    /// </summary>
    public required string Id { get; init; }

    /// <summary>The entry.</summary>
    public required AuditEntry Entry { get; init; }
}
