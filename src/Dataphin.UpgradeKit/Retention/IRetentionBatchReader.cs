namespace Dataphin.UpgradeKit.Retention;

/// <summary>
/// A store that reads a whole retention batch in a few statements (the records, their configurations, audit entries and
/// timeline events, each one query for the batch) instead of four per record. Retention reads record by record through
/// <see cref="Storage.IUpgradeStore"/> from a store without it.
/// </summary>
internal interface IRetentionBatchReader
{
    /// <summary>
    /// The candidates still in the store, in the candidates' order, each as retention archives it; configurations in their
    /// stored form when <paramref name="configurations"/>, else left out.
    /// </summary>
    Task<IReadOnlyList<ArchivedRecord>> ReadForArchiveAsync(IReadOnlyList<Storage.RetentionCandidate> candidates, bool configurations,
        CancellationToken cancellationToken);

    /// <summary>Those of <paramref name="ids"/> the store holds.</summary>
    Task<IReadOnlyCollection<UpgradeRecordId>> FindExistingAsync(IReadOnlyCollection<UpgradeRecordId> ids, CancellationToken cancellationToken);
}
