using Dataphin.UpgradeKit.Auditing;
using Dataphin.UpgradeKit.Diagnostics;
using Dataphin.UpgradeKit.Internal;
using Dataphin.UpgradeKit.Operators;
using Dataphin.UpgradeKit.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NodaTime;

namespace Dataphin.UpgradeKit.Retention;

/// <summary>
/// Retention of old finished records: pins, and runs that archive then remove what the policy lets go, in bounded
/// batches. The hosted retention service calls <see cref="RunOnceAsync"/> on its interval; a host that turned the
/// service off calls it itself. Safe to run from several instances at once: a run holds the store's retention lease.
/// </summary>
/// <remarks>
/// A run first finishes any batch an earlier run archived but did not confirm removed (it stopped in between), then,
/// batch after batch: chooses the oldest removable records, writes them to the archive and waits until the archive is
/// final, removes them in one transaction, and confirms the removal in the archive. Stopped at any point, the next run
/// finishes the work with nothing lost and nothing archived twice.
/// </remarks>
public sealed class UpgradeRetention
{
    private static readonly Duration LeaseDuration = Duration.FromMinutes(10);

    private readonly IUpgradeStore _store;
    private readonly IRetentionStore _retention;
    private readonly IRetentionArchive? _archive;
    private readonly IClock _clock;
    private readonly RetentionOptions _options;
    private readonly ILogger _logger;
    private readonly System.Diagnostics.Metrics.Counter<long> _removedCounter;
    private readonly System.Diagnostics.Metrics.Counter<long> _runsCounter;
    private readonly System.Diagnostics.Metrics.Counter<long> _auditEntriesCounter;
    private readonly RetentionPeriods _periods;
    private RetentionLastRun? _lastRun;

    /// <summary>Creates retention over <paramref name="store"/>, archiving into <paramref name="archive"/>.</summary>
    /// <param name="store">The store; it must implement <see cref="IRetentionStore"/> (the SDK's stores do).</param>
    /// <param name="archive">Where removed records go first; null only when retention stays off.</param>
    /// <param name="clock">The clock that decides a record's age.</param>
    /// <param name="options">The options; their <see cref="UpgradeKitOptions.Retention"/> is the policy.</param>
    /// <param name="logger">Where runs are logged.</param>
    /// <exception cref="ArgumentNullException"><paramref name="store"/> or <paramref name="clock"/> is null.</exception>
    /// <exception cref="ArgumentException">The store does not support retention, or the options are invalid.</exception>
    /// <param name="meterFactory">Where the retention metrics go; a shared meter when null.</param>
    public UpgradeRetention(IUpgradeStore store, IRetentionArchive? archive, IClock clock, UpgradeKitOptions? options = null, ILogger<UpgradeRetention>? logger = null,
        System.Diagnostics.Metrics.IMeterFactory? meterFactory = null)
    {
        _store = Guard.NotNull(store);
        _retention = store as IRetentionStore ?? throw new ArgumentException($"The store {store.GetType().Name} does not support retention.", nameof(store));
        _archive = archive;
        _clock = Guard.NotNull(clock);
        options ??= new UpgradeKitOptions();
        options.Validate();
        _options = options.Retention;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        var meter = meterFactory?.Create(new System.Diagnostics.Metrics.MeterOptions(UpgradeKitDiagnostics.MeterName)) ?? UpgradeKitTelemetry.SharedMeter;
        _removedCounter = meter.CreateCounter<long>(RemovedInstrument, "{record}", "Records retention archived and removed.");
        _runsCounter = meter.CreateCounter<long>(RunsInstrument, "{run}", "Retention runs by outcome (removed, idle, skipped, failed).");
        _auditEntriesCounter = meter.CreateCounter<long>(AuditEntriesRemovedInstrument, "{entry}", "Audit entries retention archived and removed by their own period.");
        _periods = new RetentionPeriods(store, _options, _logger);
    }

    /// <summary>The counter of records retention archived and removed.</summary>
    public const string RemovedInstrument = "upgradekit.retention.removed";

    /// <summary>The counter of audit entries retention archived and removed by their own period (entries removed with their record are not counted here).</summary>
    public const string AuditEntriesRemovedInstrument = "upgradekit.retention.audit_entries.removed";

    /// <summary>The counter of retention runs, tagged <c>outcome</c>: <c>removed</c>, <c>idle</c> (nothing to remove), <c>skipped</c> (another instance ran) or <c>failed</c>.</summary>
    public const string RunsInstrument = "upgradekit.retention.runs";

    /// <summary>How the last run of this instance ended; null before its first run.</summary>
    public RetentionLastRun? LastRun => Volatile.Read(ref _lastRun);

    /// <summary>Pins a record: no retention policy removes it until it is unpinned.</summary>
    /// <exception cref="UpgradeRecordNotFoundException">No such record.</exception>
    /// <exception cref="UpgradeStoreException">The store cannot be written.</exception>
    public Task PinAsync(UpgradeRecordId id, OperatorIdentity actor, CancellationToken cancellationToken = default) =>
        RetentionPins.SetAsync(_store, _retention, _clock, _logger, id, actor, pinned: true, cancellationToken);

    /// <summary>Unpins a record: the policy applies to it again.</summary>
    /// <exception cref="UpgradeRecordNotFoundException">No such record.</exception>
    /// <exception cref="UpgradeStoreException">The store cannot be written.</exception>
    public Task UnpinAsync(UpgradeRecordId id, OperatorIdentity actor, CancellationToken cancellationToken = default) =>
        RetentionPins.SetAsync(_store, _retention, _clock, _logger, id, actor, pinned: false, cancellationToken);

    /// <summary>Whether a record is pinned.</summary>
    /// <exception cref="UpgradeStoreException">The store cannot be read.</exception>
    public Task<bool> IsPinnedAsync(UpgradeRecordId id, CancellationToken cancellationToken = default) =>
        _retention.IsPinnedAsync(id, cancellationToken);

    /// <summary>
    /// Runs retention once: archives then removes, in batches, what the policy lets go. Does nothing when retention is
    /// off, or while another instance runs it. A run that removed something, or failed, is kept in the store's list of
    /// runs (<see cref="ReadRunsAsync"/>) with <paramref name="actor"/> as who ran it.
    /// </summary>
    /// <param name="actor">Who asks for the run; null for the host itself (the hosted retention service), kept as <c>system</c>.</param>
    /// <param name="cancellationToken">Stops the run between steps; what it archived and did not remove is finished by the next run.</param>
    /// <exception cref="UpgradeStoreException">The store failed; what was archived and not yet removed is finished by the next run.</exception>
    /// <exception cref="IOException">The archive could not be written; nothing of the batch was removed.</exception>
    public async Task<RetentionRunResult> RunOnceAsync(OperatorIdentity? actor = null, CancellationToken cancellationToken = default)
    {
        if (!_options.Enabled)
        {
            return new RetentionRunResult { Ran = false };
        }

        var archive = _archive ?? throw new InvalidOperationException("Retention is on but no retention archive was given.");
        var runId = Guid.CreateVersion7();
        var started = _clock.GetCurrentInstant();
        if (!await _retention.TryAcquireRunLeaseAsync(runId, started, started + LeaseDuration, cancellationToken).ConfigureAwait(false))
        {
            Log.RetentionLeaseHeld(_logger);
            Count("skipped");
            return new RetentionRunResult { Ran = false };
        }

        var files = new RunFiles(); // one entry per file, not per batch: bounded by the days, not by the records removed
        var tally = new RunTally();
        int removed = 0, kept = 0, batches = 0, auditRemoved = 0;
        try
        {
            foreach (var unconfirmed in await archive.ReadUnconfirmedBatchesAsync(cancellationToken).ConfigureAwait(false))
            {
                Log.RetentionBatchResumed(_logger, runId, unconfirmed.Id);
                if (unconfirmed.AuditEntryIds.Count > 0)
                {
                    // Entries archived by their own period: removed by their ids now, never archived again.
                    var (entriesGone, _) = await _periods.RemoveAndConfirmAsync(archive, unconfirmed.Id, unconfirmed.AuditEntryIds, _periods.AuditBefore(started),
                        cancellationToken).ConfigureAwait(false);
                    (auditRemoved, batches) = (auditRemoved + entriesGone, batches + 1);
                    files.Add(unconfirmed.Files);
                    continue;
                }

                var (gone, stayed) = await RemoveAndConfirmAsync(archive, unconfirmed.Id, unconfirmed.RecordIds, tally, cancellationToken).ConfigureAwait(false);
                (removed, kept, batches) = (removed + gone, kept + stayed, batches + 1);
                // The batch's records are no longer read: its files' counts say what they held.
                tally.AuditEntries += gone == 0 ? 0 : unconfirmed.Files.Sum(f => f.AuditEntries);
                tally.TimelineEvents += gone == 0 ? 0 : unconfirmed.Files.Sum(f => f.TimelineEvents);
                files.Add(unconfirmed.Files);
            }

            var selection = new RetentionSelection
            {
                FinishedBefore = started - _options.FinishedRecordAge,
                KeepNewest = _options.MinimumFinishedRecords,
                MaxCount = _options.BatchSize,
            };
            for (var batch = 0; batch < _options.MaxBatchesPerRun; batch++)
            {
                var now = _clock.GetCurrentInstant();
                if (!await _retention.TryAcquireRunLeaseAsync(runId, now, now + LeaseDuration, cancellationToken).ConfigureAwait(false))
                {
                    break; // the lease ran out and another instance took it over: it goes on from here
                }

                var candidates = await _retention.SelectRemovableAsync(selection, cancellationToken).ConfigureAwait(false);
                if (candidates.Count == 0)
                {
                    break;
                }

                var records = await ReadAsync(candidates, cancellationToken).ConfigureAwait(false);
                var batchId = Guid.CreateVersion7();
                files.Add(await archive.WriteBatchAsync(new RetentionArchiveBatch { Id = batchId, CreatedAt = started, Records = records }, cancellationToken)
                    .ConfigureAwait(false));
                var (gone, stayed) = await RemoveAndConfirmAsync(archive, batchId, [.. records.Select(r => r.Record.Id)], tally, cancellationToken).ConfigureAwait(false);
                (removed, kept, batches) = (removed + gone, kept + stayed, batches + 1);
                foreach (var record in records.Where(r => !tally.Stayed.Contains(r.Record.Id)))
                {
                    tally.AuditEntries += record.AuditEntries.Count;
                    tally.TimelineEvents += record.TimelineEvents.Count;
                }

                if (gone == 0)
                {
                    break; // everything chosen stayed (pinned meanwhile): choosing again would choose the same
                }
            }

            var (entries, _, entryBatches, entryFiles) = await _periods.ExpireAuditEntriesAsync(archive, runId, started, HoldLease, cancellationToken).ConfigureAwait(false);
            (auditRemoved, batches) = (auditRemoved + entries, batches + entryBatches);
            files.Add(entryFiles);
            var trimmed = await _periods.TrimChangeFeedAsync(runId, started, HoldLease, cancellationToken).ConfigureAwait(false);
            tally.ChangeRows += trimmed;
            if (removed > 0 || kept > 0 || trimmed > 0 || auditRemoved > 0)
            {
                await KeepRunAsync(Entry(runId, actor, started, RetentionRunOutcome.Removed, removed, kept, batches, tally, auditRemoved, files, null), cancellationToken)
                    .ConfigureAwait(false);
            }

            Log.RetentionRunFinished(_logger, runId, removed, batches, files.Count, kept);
            _removedCounter.Add(removed);
            _auditEntriesCounter.Add(auditRemoved);
            Count(removed > 0 || auditRemoved > 0 ? "removed" : "idle");
            Volatile.Write(ref _lastRun, new RetentionLastRun { At = started, Failed = false, RemovedRecords = removed });
            return new RetentionRunResult { Ran = true, RemovedRecords = removed, RemovedAuditEntries = auditRemoved, Batches = batches, Files = files.Files };
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.RetentionRunFailed(_logger, ex, runId);
            try
            {
                await KeepRunAsync(Entry(runId, actor, started, RetentionRunOutcome.Failed, removed, kept, batches, tally, auditRemoved, files, ex.GetType().Name),
                    CancellationToken.None).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // The run's own failure is what the caller gets; a store that failed it usually fails this too (logged, 1545).
            catch (Exception keepFailure)
#pragma warning restore CA1031
            {
                Log.RetentionRunNotKept(_logger, keepFailure, runId);
            }

            _removedCounter.Add(removed);
            _auditEntriesCounter.Add(auditRemoved);
            Count("failed");
            Volatile.Write(ref _lastRun, new RetentionLastRun { At = started, Failed = true, RemovedRecords = removed, Error = ex.GetType().Name });
            throw;
        }
        finally
        {
            await _retention.ReleaseRunLeaseAsync(runId, CancellationToken.None).ConfigureAwait(false);
        }

        Task<bool> HoldLease(CancellationToken token)
        {
            var now = _clock.GetCurrentInstant();
            return _retention.TryAcquireRunLeaseAsync(runId, now, now + LeaseDuration, token);
        }
    }

    /// <summary>The most recent runs that removed something or failed, newest first; empty when the store keeps no runs.</summary>
    /// <param name="limit">How many runs at most.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="limit"/> is not positive.</exception>
    /// <exception cref="UpgradeStoreException">The store cannot be read.</exception>
    public Task<IReadOnlyList<RetentionRunEntry>> ReadRunsAsync(int limit = 50, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return _store is IRetentionRunLog log ? log.ReadRunsAsync(limit, cancellationToken) : Task.FromResult<IReadOnlyList<RetentionRunEntry>>([]);
    }

    private Task KeepRunAsync(RetentionRunEntry entry, CancellationToken cancellationToken) =>
        _store is IRetentionRunLog log ? log.AppendRunAsync(entry, cancellationToken) : Task.CompletedTask;

    private RetentionRunEntry Entry(Guid runId, OperatorIdentity? actor, NodaTime.Instant started, RetentionRunOutcome outcome, int removed, int kept, int batches,
        RunTally tally, int auditRemoved, RunFiles files, string? error) => new()
    {
        Id = runId,
        Actor = actor?.Id ?? AuditEntry.SystemActor,
        StartedAt = started,
        FinishedAt = _clock.GetCurrentInstant(),
        Outcome = outcome,
        RemovedRecords = removed,
        KeptRecords = kept,
        Batches = batches,
        AuditEntries = tally.AuditEntries + auditRemoved, // with their records, and by their own period
        TimelineEvents = tally.TimelineEvents,
        Notifications = tally.Notifications,
        ChangeRows = tally.ChangeRows,
        Files = [.. files.Files.Select(f => f.Name)],
        Error = error,
    };

    private void Count(string outcome) => _runsCounter.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    private async Task<(int Removed, int Kept)> RemoveAndConfirmAsync(IRetentionArchive archive, Guid batchId, IReadOnlyList<UpgradeRecordId> ids,
        RunTally tally, CancellationToken cancellationToken)
    {
        // Counted before the removal takes them; the rows of records that stay are taken off below.
        var log = _store as IRetentionRunLog;
        var dependent = log is null ? null : await log.CountDependentRowsAsync(ids, cancellationToken).ConfigureAwait(false);
        var removedNow = (await _retention.RemoveAsync(ids, cancellationToken).ConfigureAwait(false)).ToHashSet();
        // What is gone now, whether this call or an earlier run's removed it (a run can stop after the removal's commit):
        // only the ids this call did not remove are looked up, in one statement where the store can.
        var notRemoved = ids.Where(id => !removedNow.Contains(id)).Distinct().ToList();
        var stayed = new List<UpgradeRecordId>();
        if (notRemoved.Count > 0 && ConfigurationProtectingStore.Unwrap(_store) is IRetentionBatchReader batchReader)
        {
            var existing = await batchReader.FindExistingAsync(notRemoved, cancellationToken).ConfigureAwait(false);
            stayed.AddRange(notRemoved.Where(existing.Contains));
        }
        else
        {
            foreach (var id in notRemoved)
            {
                if (await _store.FindAsync(id, cancellationToken).ConfigureAwait(false) is not null)
                {
                    stayed.Add(id);
                }
            }
        }

        var gone = ids.Except(stayed).ToList();
        await archive.ConfirmRemovedAsync(batchId, gone, cancellationToken).ConfigureAwait(false);
        if (log is not null && dependent is not null)
        {
            var left = stayed.Count == 0 ? null : await log.CountDependentRowsAsync(stayed, cancellationToken).ConfigureAwait(false);
            tally.Notifications += dependent.Notifications - (left?.Notifications ?? 0);
            tally.ChangeRows += dependent.ChangeRows - (left?.ChangeRows ?? 0);
        }

        tally.Stayed = [.. stayed];
        return (gone.Count, stayed.Count);
    }

    /// <summary>What a run removed besides records, added up batch by batch.</summary>
    private sealed class RunTally
    {
        public int AuditEntries { get; set; }

        public int TimelineEvents { get; set; }

        public int Notifications { get; set; }

        public int ChangeRows { get; set; }

        /// <summary>The records of the last batch that stayed in the store.</summary>
        public HashSet<UpgradeRecordId> Stayed { get; set; } = [];
    }

    private async Task<List<ArchivedRecord>> ReadAsync(IReadOnlyList<RetentionCandidate> candidates, CancellationToken cancellationToken)
    {
        // The configuration in its stored form: protected when the host protects configurations at rest.
        var stored = ConfigurationProtectingStore.Unwrap(_store);
        if (stored is IRetentionBatchReader batchReader)
        {
            // The whole batch in a few statements (the relational stores): the same rows as the reads below.
            return [.. await batchReader.ReadForArchiveAsync(candidates, _options.ArchiveConfigurations, cancellationToken).ConfigureAwait(false)];
        }

        var records = new List<ArchivedRecord>(candidates.Count);
        foreach (var candidate in candidates)
        {
            if (await _store.FindAsync(candidate.Id, cancellationToken).ConfigureAwait(false) is not { } record)
            {
                continue;
            }

            var configuration = _options.ArchiveConfigurations && record.Configuration is not null
                ? await stored.ReadConfigurationAsync(record.Id, cancellationToken).ConfigureAwait(false)
                : null;
            records.Add(new ArchivedRecord
            {
                Record = record,
                FinishedAt = candidate.FinishedAt,
                ConfigurationContent = configuration?.Content,
                AuditEntries = await _store.ReadAsync(record.Id, cancellationToken).ConfigureAwait(false),
                TimelineEvents = await _store.ReadEventsAsync(record.Id, cancellationToken).ConfigureAwait(false),
            });
        }

        return records;
    }
}
