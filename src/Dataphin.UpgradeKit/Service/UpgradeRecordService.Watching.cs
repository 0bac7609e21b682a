using System.Runtime.CompilerServices;
using Dataphin.UpgradeKit.Diagnostics;
using Dataphin.UpgradeKit.Internal;
using Dataphin.UpgradeKit.Live;
using Dataphin.UpgradeKit.Operators;
using Dataphin.UpgradeKit.Projections;
using Dataphin.UpgradeKit.Storage;

namespace Dataphin.UpgradeKit.Service;

public sealed partial class UpgradeRecordService
{
    /// <summary>How many changes a watcher reads from the feed at a time: its whole buffer.</summary>
    internal const int WatchBatchSize = 64;

    /// <summary>
    /// How often an idle watcher reads the feed without being woken: the bound on how late a change arrives whose commit
    /// could not wake it (another process on one SQLite file, a PostgreSQL listening connection being re-opened).
    /// </summary>
    internal static readonly TimeSpan WatchPollInterval = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Watches one record: yields every committed change of it, in commit order, each with its position, its list row
    /// for <paramref name="actor"/> (status, times, the actions offered and why not) and its View log panel (times and
    /// timeline) in <paramref name="display"/> (R-LIVE-1). Reads only; nothing is audited. Ends after the record's removal,
    /// or when <paramref name="cancellationToken"/> is cancelled (the enumeration then simply completes).
    /// </summary>
    /// <remarks>
    /// <para>Without <paramref name="afterPosition"/> the first item is a <see cref="RecordChangeKind.Snapshot"/> of the
    /// record as it is, at the feed's last position; with it, the watch yields exactly the changes after that position
    /// (pass the last <see cref="RecordWatchEvent.Position"/> seen, R-LIVE-2).</para>
    /// <para>Changes committed through this service's store wake the watcher at once; on PostgreSQL, so do those of other
    /// host instances (LISTEN/NOTIFY). An idle watcher also reads the feed every 2 seconds. A watcher reads at most 64
    /// changes ahead of its consumer: a slow consumer holds back only its own watch, which reads on from its position
    /// when asked for more, so nothing is dropped however far behind it falls.</para>
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="actor"/> or <paramref name="display"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="afterPosition"/> is negative.</exception>
    /// <exception cref="UpgradeRecordNotFoundException">No such record (and, from a position, no removal of it after that position).</exception>
    /// <exception cref="WatchPositionTrimmedException">From a position: the changes after it were trimmed from the feed (see <see cref="CheckWatchPositionAsync"/>).</exception>
    public IAsyncEnumerable<RecordWatchEvent> WatchRecordAsync(UpgradeRecordId id, OperatorIdentity actor, DisplayContext display,
        long? afterPosition = null, CancellationToken cancellationToken = default)
    {
        Guard.NotDefault(id);
        CheckWatch(actor, display, afterPosition);
        return WatchAsync(id, actor, display, afterPosition, cancellationToken);
    }

    /// <summary>
    /// Watches the records list: yields every committed change of any record after <paramref name="afterPosition"/>, in
    /// commit order, each with its position and the record's list row for <paramref name="actor"/> in
    /// <paramref name="display"/> (R-LIVE-1); from the feed's last position when it is null. To show a live list without
    /// a gap, take <see cref="GetWatchPositionAsync"/>, load the list, then watch after that position and apply each row.
    /// Otherwise as <see cref="WatchRecordAsync"/>; the watch ends only when <paramref name="cancellationToken"/> is cancelled.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="actor"/> or <paramref name="display"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="afterPosition"/> is negative.</exception>
    /// <exception cref="WatchPositionTrimmedException">From a position: the changes after it were trimmed from the feed (see <see cref="CheckWatchPositionAsync"/>).</exception>
    public IAsyncEnumerable<RecordWatchEvent> WatchRecordsAsync(OperatorIdentity actor, DisplayContext display, long? afterPosition = null,
        CancellationToken cancellationToken = default)
    {
        CheckWatch(actor, display, afterPosition);
        return WatchAsync(null, actor, display, afterPosition, cancellationToken);
    }

    /// <summary>
    /// Checks that the change feed still holds every change after <paramref name="afterPosition"/>, so a watch resumed
    /// from it misses nothing (R-LIVE-2); a watch started with a position makes the same check before it reads. The feed
    /// holds them unless a host trimmed it past the position (docs/live.md): then a new watch without a position is needed.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="afterPosition"/> is negative.</exception>
    /// <exception cref="WatchPositionTrimmedException">Changes after the position were trimmed from the feed.</exception>
    /// <exception cref="UpgradeStoreException">The store cannot be read.</exception>
    public async Task CheckWatchPositionAsync(long afterPosition, CancellationToken cancellationToken = default)
    {
        if (afterPosition < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(afterPosition), afterPosition, "A position is 0 or more.");
        }

        // Positions grow by one per committed change, so a feed whose oldest row is past the next position lost rows to a
        // trim. (A PostgreSQL position whose commit failed leaves a hole; one right after a trimmed position reads as a
        // trim too, which only costs the watcher a reload.) A feed trimmed to nothing cannot tell: a trim keeps the newest.
        var oldest = await _store.ReadChangesAsync(0, 1, null, cancellationToken).ConfigureAwait(false);
        if (oldest.Count == 1 && oldest[0].Position > afterPosition + 1)
        {
            throw new WatchPositionTrimmedException(afterPosition, oldest[0].Position);
        }
    }

    /// <summary>The position of the last committed change: a watch started after it sees every change committed from now on.</summary>
    /// <exception cref="UpgradeStoreException">The store cannot be read.</exception>
    public Task<long> GetWatchPositionAsync(CancellationToken cancellationToken = default) => _store.ReadLastPositionAsync(cancellationToken);

    private static void CheckWatch(OperatorIdentity actor, DisplayContext display, long? afterPosition)
    {
        Guard.NotNull(actor);
        Guard.NotNull(display);
        if (afterPosition is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(afterPosition), afterPosition, "A position is 0 or more.");
        }
    }

    private async IAsyncEnumerable<RecordWatchEvent> WatchAsync(UpgradeRecordId? id, OperatorIdentity actor, DisplayContext display,
        long? afterPosition, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // Subscribed before the first read, so a commit between that read and the first wait still wakes the watcher.
        using var wakeup = new ChangeWakeup();
        using var subscription = _store.SubscribeToChanges(wakeup.Set);
        if (afterPosition is { } resumed)
        {
            await CheckWatchPositionAsync(resumed, cancellationToken).ConfigureAwait(false);
        }

        var position = afterPosition ?? await _store.ReadLastPositionAsync(cancellationToken).ConfigureAwait(false);
        var subject = id?.ToString() ?? "the records list";
        Log.WatchStarted(_logger, subject, actor.Id, position);
        var mustFindRemoval = false;
        if (id is { } only)
        {
            var record = await _store.FindAsync(only, cancellationToken).ConfigureAwait(false);
            if (record is null && afterPosition is null)
            {
                throw new UpgradeRecordNotFoundException(only);
            }

            // From a position, a record missing now may have been removed after it: its changes up to the removal follow.
            mustFindRemoval = record is null;
            if (record is not null && afterPosition is null)
            {
                yield return await ProjectAsync(new RecordChangeEntry(position, only, RecordChangeKind.Snapshot, record.Version, 0), record, actor, display,
                    withLog: true, cancellationToken).ConfigureAwait(false);
            }
        }

        while (true)
        {
            var batch = await _store.ReadChangesAsync(position, WatchBatchSize, id, cancellationToken).ConfigureAwait(false);
            foreach (var change in batch)
            {
                position = change.Position;
                var record = change.Kind == RecordChangeKind.Removed ? null : await _store.FindAsync(change.RecordId, cancellationToken).ConfigureAwait(false);
                yield return await ProjectAsync(change, record, actor, display, withLog: id is not null, cancellationToken).ConfigureAwait(false);
                if (id is not null && change.Kind == RecordChangeKind.Removed)
                {
                    Log.WatchEnded(_logger, subject, actor.Id, position);
                    yield break;
                }
            }

            if (batch.Count == WatchBatchSize)
            {
                continue;
            }

            if (mustFindRemoval)
            {
                throw new UpgradeRecordNotFoundException(id!.Value);
            }

            if (!await wakeup.WaitAsync(WatchPollInterval, cancellationToken).ConfigureAwait(false))
            {
                Log.WatchEnded(_logger, subject, actor.Id, position);
                yield break;
            }
        }
    }

    private async Task<RecordWatchEvent> ProjectAsync(RecordChangeEntry change, UpgradeRecord? record, OperatorIdentity actor, DisplayContext display,
        bool withLog, CancellationToken cancellationToken)
    {
        RecordListRow? row = null;
        ViewLogPanel? log = null;
        if (record is not null)
        {
            row = RecordProjections.ToListRow(record, _policy.Evaluate(record, actor, display.Culture), display, _texts);
            if (withLog)
            {
                var events = record.Mode == UpgradeMode.ZeroDowntime ? [] : await _store.ReadEventsAsync(record.Id, cancellationToken).ConfigureAwait(false);
                log = RecordProjections.ToViewLog(record, events, display, _options.ShortNodeThreshold, _lifecycle.IsDownloadable(record), _texts);
            }
        }

        return new RecordWatchEvent(change.Position, change.Kind, change.RecordId, change.RecordVersion, row, log);
    }
}
