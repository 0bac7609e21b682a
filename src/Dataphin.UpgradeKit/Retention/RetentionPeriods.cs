using Dataphin.UpgradeKit.Diagnostics;
using Dataphin.UpgradeKit.Storage;
using Microsoft.Extensions.Logging;
using NodaTime;

namespace Dataphin.UpgradeKit.Retention;

/// <summary>
/// What goes by a period of its own after a run's batches of records, while the run holds the lease: audit entries
/// older than <see cref="RetentionOptions.AuditEntryAge"/> (archived first, keyed by the store's id of each entry), and
/// change-feed rows older than <see cref="RetentionOptions.ChangeFeedAge"/> (not archived).
/// </summary>
internal sealed class RetentionPeriods(IUpgradeStore store, RetentionOptions options, ILogger logger)
{
    private const int TrimBatch = 10_000;

    private readonly IUpgradeStore _store = store;
    private readonly RetentionOptions _options = options;
    private readonly ILogger _logger = logger;

    /// <summary>Audit entries per archive write and transaction: ten for each record of a record batch, at most 10,000.</summary>
    public int AuditBatchSize => Math.Min(TrimBatch, _options.BatchSize * 10);

    /// <summary>Entries written before this instant go, for a run started at <paramref name="started"/>.</summary>
    public Instant AuditBefore(Instant started) => started - (_options.AuditEntryAge ?? Duration.Zero);

    /// <summary>
    /// Archives then removes, batch after batch, the audit entries older than the period, except those of records whose
    /// whole trail stays (not finished, pinned, with a notification not yet delivered).
    /// </summary>
    /// <param name="archive">Where entries go first.</param>
    /// <param name="runId">The run, for the log.</param>
    /// <param name="started">When the run started: the period counts back from it.</param>
    /// <param name="holdLease">Renews the run's lease; false when another instance took it over (the run stops here).</param>
    /// <param name="cancellationToken">Stops between batches.</param>
    public async Task<(int Removed, int Kept, int Batches, IReadOnlyList<RetentionArchiveFile> Files)> ExpireAuditEntriesAsync(IRetentionArchive archive, Guid runId,
        Instant started, Func<CancellationToken, Task<bool>> holdLease, CancellationToken cancellationToken)
    {
        var files = new RunFiles();
        if (_options.AuditEntryAge is null || _store is not IAuditEntryRetention audit)
        {
            return (0, 0, 0, files.Files);
        }

        var before = AuditBefore(started);
        int removed = 0, kept = 0, batches = 0;
        string? after = null;
        for (var batch = 0; batch < _options.MaxBatchesPerRun; batch++)
        {
            if (!await holdLease(cancellationToken).ConfigureAwait(false))
            {
                break;
            }

            var entries = await audit.SelectExpiredAuditEntriesAsync(new AuditEntrySelection { Before = before, After = after, MaxCount = AuditBatchSize },
                cancellationToken).ConfigureAwait(false);
            if (entries.Count == 0)
            {
                break;
            }

            var batchId = Guid.CreateVersion7();
            files.Add(await archive.WriteAuditBatchAsync(new RetentionAuditArchiveBatch { Id = batchId, CreatedAt = started, Entries = entries }, cancellationToken)
                .ConfigureAwait(false));
            var (gone, stayed) = await RemoveAndConfirmAsync(archive, batchId, [.. entries.Select(e => e.Id)], before, cancellationToken).ConfigureAwait(false);
            (removed, kept, batches, after) = (removed + gone, kept + stayed, batches + 1, entries[^1].Id);
            if (entries.Count < AuditBatchSize)
            {
                break;
            }
        }

        if (removed > 0)
        {
            Log.RetentionAuditEntriesRemoved(_logger, runId, removed, before, batches);
        }

        return (removed, kept, batches, files.Files);
    }

    /// <summary>
    /// Removes the archived entries <paramref name="ids"/> that may still go and confirms it in the archive. A repeated call
    /// (a run that stopped after the removal) finds them gone and confirms them as removed; entries whose record was pinned
    /// or started meanwhile stay and are listed as kept.
    /// </summary>
    public async Task<(int Removed, int Kept)> RemoveAndConfirmAsync(IRetentionArchive archive, Guid batchId, IReadOnlyList<string> ids, Instant before,
        CancellationToken cancellationToken)
    {
        var audit = _store as IAuditEntryRetention ?? throw new InvalidOperationException($"The store {_store.GetType().Name} does not remove old audit entries.");
        // What the store still holds stayed; everything else is gone, whether this call or an earlier run removed it.
        var left = new HashSet<string>(await audit.RemoveAuditEntriesAsync(ids, before, cancellationToken).ConfigureAwait(false), StringComparer.Ordinal);
        var gone = ids.Where(id => !left.Contains(id)).ToList();
        await archive.ConfirmAuditEntriesRemovedAsync(batchId, gone, cancellationToken).ConfigureAwait(false);
        return (gone.Count, ids.Count - gone.Count);
    }

    /// <summary>
    /// Trims the change feed to its own period, when the policy gives one, in transactions of at most 10,000 rows while
    /// the run holds the lease. Change rows are not archived: they say only that a record changed, which its audit entries
    /// and timeline say in full.
    /// </summary>
    public async Task<int> TrimChangeFeedAsync(Guid runId, Instant started, Func<CancellationToken, Task<bool>> holdLease, CancellationToken cancellationToken)
    {
        if (_options.ChangeFeedAge is not { } age || _store is not IChangeFeedRetention feed)
        {
            return 0;
        }

        var before = started - age;
        var total = 0;
        for (var batch = 0; batch < _options.MaxBatchesPerRun; batch++)
        {
            if (!await holdLease(cancellationToken).ConfigureAwait(false))
            {
                break;
            }

            var trimmed = await feed.TrimChangesAsync(before, started, TrimBatch, cancellationToken).ConfigureAwait(false);
            total += trimmed;
            if (trimmed < TrimBatch)
            {
                break;
            }
        }

        if (total > 0)
        {
            Log.RetentionChangeFeedTrimmed(_logger, runId, total, before);
        }

        return total;
    }
}
