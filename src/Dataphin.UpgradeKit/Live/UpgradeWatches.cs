using System.Runtime.CompilerServices;
using Dataphin.UpgradeKit.Actions;
using Dataphin.UpgradeKit.Diagnostics;
using Dataphin.UpgradeKit.Display;
using Dataphin.UpgradeKit.Internal;
using Dataphin.UpgradeKit.Lifecycle;
using Dataphin.UpgradeKit.Operators;
using Dataphin.UpgradeKit.Projections;
using Dataphin.UpgradeKit.Queries;
using Dataphin.UpgradeKit.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NodaTime;

namespace Dataphin.UpgradeKit.Live;

/// <summary>
/// Live views of upgrade records: watches of one record or of the whole list that yield every committed change, in
/// commit order, with the row (and, for one record, the View log panel) the watching operator sees, and the positions
/// to resume a watch from. Reads only; nothing is audited. Thread-safe; register it as a singleton
/// (<c>AddUpgradeKit()</c> does).
/// </summary>
public sealed class UpgradeWatches
{
    private readonly IUpgradeStore _store;
    private readonly RecordViews _views;
    private readonly ILogger _logger;

    /// <summary>Creates the watches over <paramref name="store"/>'s change feed.</summary>
    /// <param name="store">Where records, their change feed and timeline summaries live.</param>
    /// <param name="qualification">Who may force-stop, for the actions the rows offer; a <see cref="RoleOperatorQualification"/> for <see cref="UpgradeKitOptions.QualifiedOperatorRole"/> when null.</param>
    /// <param name="options">Settings; defaults when null. Validated here.</param>
    /// <param name="logger">Where to log; nothing is logged when null.</param>
    /// <param name="policy">
    /// The policy the rows answer with; an <see cref="ActionEligibilityPolicy"/> for <paramref name="qualification"/>
    /// and <see cref="UpgradeKitOptions.Rules"/> when null.
    /// </param>
    /// <param name="texts">Where display names and sentences come from; the SDK's own (<see cref="UpgradeKitTexts.Default"/>) when null.</param>
    /// <param name="clock">The clock running upgrades' estimates are made by; the rows carry no estimate when null.</param>
    /// <exception cref="ArgumentNullException"><paramref name="store"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="options"/> are invalid.</exception>
    public UpgradeWatches(
        IUpgradeStore store,
        IOperatorQualification? qualification = null,
        UpgradeKitOptions? options = null,
        ILogger<UpgradeWatches>? logger = null,
        IActionEligibilityPolicy? policy = null,
        UpgradeKitTexts? texts = null,
        IClock? clock = null)
    {
        _store = Guard.NotNull(store);
        var settings = options ?? new UpgradeKitOptions();
        settings.Validate();
        var shownTexts = texts ?? UpgradeKitTexts.Default;
        var shownPolicy = policy ?? new ActionEligibilityPolicy(qualification ?? new RoleOperatorQualification(settings.QualifiedOperatorRole), settings.Rules, shownTexts);
        _views = new RecordViews(_store, shownPolicy, shownTexts, settings, new UpgradeLifecycle(LifecycleRules.From(settings.Rules), settings.Rules.ReasonRequiredFor),
            clock is null ? null : new RecordEstimates(_store, clock, settings.Estimates), clock);
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>How many changes a watcher reads from the feed at a time: its whole buffer.</summary>
    internal const int WatchBatchSize = 64;

    /// <summary>
    /// How often an idle watcher reads the feed without being woken: the bound on how late a change arrives whose commit
    /// could not wake it (another process on one SQLite file, a PostgreSQL listening connection being re-opened).
    /// </summary>
    internal static readonly TimeSpan WatchPollInterval = TimeSpan.FromSeconds(2);

    /// <summary>The first wait of a watch after a failed read of the store; each further failure doubles it.</summary>
    internal static readonly TimeSpan WatchRetryFirstDelay = TimeSpan.FromMilliseconds(250);

    /// <summary>The longest wait of a watch between two failed reads of the store.</summary>
    internal static readonly TimeSpan WatchRetryMaxDelay = TimeSpan.FromSeconds(30);

    /// <summary>The time source of the watches' waits (poll interval, retry backoff); tests replace it.</summary>
    internal TimeProvider WatchTime { get; set; } = TimeProvider.System;

    /// <summary>
    /// Watches one record: yields every committed change of it, in commit order, each with its position, its list row
    /// for <paramref name="actor"/> (status, times, the actions offered and why not) and its View log panel (times and
    /// timeline) in <paramref name="display"/>. Reads only; nothing is audited. Ends after the record's removal; see the
    /// remarks for what else ends it.
    /// </summary>
    /// <remarks>
    /// <para>Without <paramref name="afterPosition"/> the first item is a <see cref="RecordChangeKind.Snapshot"/> of the
    /// record as it is, at the feed's last position; with it, the watch yields exactly the changes after that position
    /// (pass the last <see cref="RecordWatchEvent.Position"/> seen).</para>
    /// <para>Changes committed through this service's store wake the watcher at once; on PostgreSQL, so do those of other
    /// host instances (LISTEN/NOTIFY). An idle watcher also reads the feed every 2 seconds. A watcher reads at most 64
    /// changes ahead of its consumer: a slow consumer holds back only its own watch, which reads on from its position
    /// when asked for more, so nothing is dropped however far behind it falls.</para>
    /// <para>Once started, a watch survives a store that cannot be read for a while (a database restart, a dropped
    /// connection, a timeout): it waits (250 ms, doubling up to 30 seconds, or until a commit wakes it) and reads again
    /// from the last position it yielded, so nothing is missed and nothing is yielded twice; the outage is logged once
    /// when it begins and once when the watch resumes. It ends only when: <paramref name="cancellationToken"/> is
    /// cancelled (the enumeration throws <see cref="OperationCanceledException"/>, whether the watch was waiting or
    /// reading); the record is removed (the enumeration completes); the store fails in a way waiting cannot mend
    /// (<see cref="SchemaVersionMismatchException"/>, or <see cref="ObjectDisposedException"/> once the store is
    /// disposed), which the enumeration throws; or the store fails before the watch has its starting position and first
    /// item, which the first <c>MoveNextAsync</c> throws as <see cref="UpgradeStoreException"/>.</para>
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="actor"/> or <paramref name="display"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="afterPosition"/> is negative, or past the feed's last position (thrown by the first <c>MoveNextAsync</c>).</exception>
    /// <exception cref="UpgradeRecordNotFoundException">No such record (and, from a position, no removal of it after that position).</exception>
    /// <exception cref="WatchPositionTrimmedException">From a position: the changes after it were trimmed from the feed (see <see cref="CheckWatchPositionAsync"/>).</exception>
    /// <exception cref="UpgradeStoreException">The store could not be read while the watch started, or its schema is of another version.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
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
    /// <paramref name="display"/>; from the feed's last position when it is null. To show a live list without
    /// a gap, take <see cref="GetWatchPositionAsync"/>, load the list, then watch after that position and apply each row.
    /// Otherwise as <see cref="WatchRecordAsync"/>, including how it survives a store outage; it ends only when
    /// <paramref name="cancellationToken"/> is cancelled (<see cref="OperationCanceledException"/>) or the store fails in
    /// a way waiting cannot mend.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="actor"/> or <paramref name="display"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="afterPosition"/> is negative, or past the feed's last position (thrown by the first <c>MoveNextAsync</c>).</exception>
    /// <exception cref="WatchPositionTrimmedException">From a position: the changes after it were trimmed from the feed (see <see cref="CheckWatchPositionAsync"/>).</exception>
    /// <exception cref="UpgradeStoreException">The store could not be read while the watch started, or its schema is of another version.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public IAsyncEnumerable<RecordWatchEvent> WatchRecordsAsync(OperatorIdentity actor, DisplayContext display, long? afterPosition = null,
        CancellationToken cancellationToken = default)
    {
        CheckWatch(actor, display, afterPosition);
        return WatchAsync(null, actor, display, afterPosition, cancellationToken);
    }

    /// <summary>
    /// Checks that a watch can resume after <paramref name="afterPosition"/>: the change feed still holds every change
    /// after it, so a watch resumed from it misses nothing, and the feed has reached it. A watch started with a position
    /// makes the same check before it reads. The feed holds the changes unless a host trimmed it past the position
    /// (docs/live.md): then a new watch without a position is needed. A position past the feed's last one was not
    /// handed out by this feed (a database restored from an older backup, or a made-up value): it is refused, since
    /// resuming from it would skip every change up to it.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="afterPosition"/> is negative, or past the feed's last position.</exception>
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
        // Positions are 1 or more, so "oldest - 1" cannot overflow where "afterPosition + 1" could (R-LIVE-2).
        var oldest = await _store.ReadChangesAsync(0, 1, null, cancellationToken).ConfigureAwait(false);
        if (oldest.Count == 1 && oldest[0].Position - 1 > afterPosition)
        {
            throw new WatchPositionTrimmedException(afterPosition, oldest[0].Position);
        }

        var last = await _store.ReadLastPositionAsync(cancellationToken).ConfigureAwait(false);
        if (afterPosition > last)
        {
            throw new ArgumentOutOfRangeException(nameof(afterPosition), afterPosition,
                $"Position {afterPosition} is past the change feed's last position ({last}), so it was not handed out by this feed: start a new watch without a position.");
        }
    }

    /// <summary>The position of the last committed change: a watch started after it sees every change committed from now on.</summary>
    /// <exception cref="UpgradeStoreException">The store cannot be read.</exception>
    public Task<long> GetWatchPositionAsync(CancellationToken cancellationToken = default) => _store.ReadLastPositionAsync(cancellationToken);

    /// <summary>How long a watch waits after its <paramref name="failures"/>-th failed read in a row (1 or more).</summary>
    internal static TimeSpan WatchRetryDelay(int failures)
    {
        // Doubling by shifting, stopped well before the shift could overflow.
        var ticks = failures >= 20 ? WatchRetryMaxDelay.Ticks : WatchRetryFirstDelay.Ticks << (Math.Max(failures, 1) - 1);
        return TimeSpan.FromTicks(Math.Min(ticks, WatchRetryMaxDelay.Ticks));
    }

    // A store error that waiting can mend: anything the store reports as a failed read, except a schema of another
    // version, which stays until someone migrates it.
    private static bool IsTransient(UpgradeStoreException exception) => exception is not SchemaVersionMismatchException;

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

        // The outage in progress: failed reads in a row, and when the first failed (R-LIVE-2: the watch resumes from
        // `position`, the last change it yielded, so nothing is lost or yielded twice).
        var failures = 0;
        var outageStarted = 0L;
        try
        {
            while (true)
            {
                UpgradeStoreException? failure = null;
                IReadOnlyList<RecordChangeEntry> batch = [];
                try
                {
                    batch = await _store.ReadChangesAsync(position, WatchBatchSize, id, cancellationToken).ConfigureAwait(false);
                }
                catch (UpgradeStoreException ex) when (IsTransient(ex))
                {
                    failure = ex;
                }

                var removed = false;
                foreach (var change in batch)
                {
                    RecordWatchEvent item;
                    try
                    {
                        var record = change.Kind == RecordChangeKind.Removed ? null : await _store.FindAsync(change.RecordId, cancellationToken).ConfigureAwait(false);
                        item = await ProjectAsync(change, record, actor, display, withLog: id is not null, cancellationToken).ConfigureAwait(false);
                    }
                    catch (UpgradeStoreException ex) when (IsTransient(ex))
                    {
                        // The rest of the batch is read again after the wait, from the last change yielded.
                        failure = ex;
                        break;
                    }

                    failures = Resumed(failures, outageStarted, subject, actor, position);
                    position = change.Position;
                    yield return item;
                    if (id is not null && change.Kind == RecordChangeKind.Removed)
                    {
                        removed = true;
                        break;
                    }
                }

                if (removed)
                {
                    yield break;
                }

                if (failure is not null)
                {
                    if (failures++ == 0)
                    {
                        outageStarted = WatchTime.GetTimestamp();
                        Log.WatchStoreUnavailable(_logger, failure, subject, actor.Id, position, WatchRetryMaxDelay);
                    }

                    // A commit wakes the watcher early: the store works again. So does a PostgreSQL listener that listens again.
                    await wakeup.WaitAsync(WatchRetryDelay(failures), WatchTime, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                failures = Resumed(failures, outageStarted, subject, actor, position);
                if (batch.Count == WatchBatchSize)
                {
                    continue;
                }

                if (mustFindRemoval)
                {
                    throw new UpgradeRecordNotFoundException(id!.Value);
                }

                await wakeup.WaitAsync(WatchPollInterval, WatchTime, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            Log.WatchEnded(_logger, subject, actor.Id, position);
        }
    }

    // Ends an outage in progress, if any, with its log line; the count of failed reads in a row is then 0.
    private int Resumed(int failures, long outageStarted, string subject, OperatorIdentity actor, long position)
    {
        if (failures > 0)
        {
            Log.WatchResumed(_logger, subject, actor.Id, position, failures, WatchTime.GetElapsedTime(outageStarted));
        }

        return 0;
    }

    private async Task<RecordWatchEvent> ProjectAsync(RecordChangeEntry change, UpgradeRecord? record, OperatorIdentity actor, DisplayContext display,
        bool withLog, CancellationToken cancellationToken)
    {
        RecordListRow? row = null;
        ViewLogPanel? log = null;
        if (record is not null)
        {
            row = await _views.RowAsync(record, actor, display, cancellationToken).ConfigureAwait(false);
            if (withLog)
            {
                // From the store's per-subject summaries, as View log reads them: not every raw event of the record (R-TIME-11).
                log = await _views.PanelAsync(record, display, cancellationToken).ConfigureAwait(false);
            }
        }

        return new RecordWatchEvent
        {
            Position = change.Position,
            Kind = change.Kind,
            RecordId = change.RecordId,
            RecordVersion = change.RecordVersion,
            Row = row,
            Log = log,
        };
    }
}
