using System.Data.Common;
using Dataphin.UpgradeKit.Storage;
using Dataphin.UpgradeKit.Timeline;

namespace Dataphin.UpgradeKit.Relational;

/// <summary>
/// The timeline of a relational store: reports appended in group commits, each checked against and merged into its
/// subjects' summaries, and the reads of events and summaries.
/// </summary>
internal sealed partial class RelationalTimeline
{
    private readonly RelationalDatabase _db;
    private readonly RelationalDialect _dialect;
    private readonly RelationalChangeFeed _changes;

    public RelationalTimeline(RelationalDatabase db, RelationalChangeFeed changes)
    {
        _db = db;
        _dialect = db.Dialect;
        _changes = changes;
    }

    // A group commit holds at most this many reports: a bound on one transaction's work and on the wait of the first.
    private const int MaxAppendsPerCommit = 256;

    private const string ReadEventsSql = $"SELECT {EventRow.SelectColumns} FROM timeline_events WHERE record_id = @record_id ORDER BY seq";

    private readonly Lock _appendGate = new();
    private readonly Queue<PendingAppend> _appends = new();
    private bool _appending;

    /// <summary>
    /// Appends a report. Reports that arrive while another commit is under way wait for it and are then committed
    /// together, each in its own savepoint (a refused one leaves the others stored): a durable commit costs the same
    /// for one report or for many, so concurrent reporters share it instead of queueing one commit each (R-TIME-11).
    /// </summary>
    public Task<int> AppendEventsAsync(UpgradeRecordId recordId, IReadOnlyCollection<TimelineEvent> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        var list = events.Select(e => e ?? throw new ArgumentException("An event is null.", nameof(events))).ToList();
        list.ForEach(e => e.ThrowIfIncomplete(nameof(events)));
        if (list.Count == 0)
        {
            return Task.FromResult(0);
        }

        cancellationToken.ThrowIfCancellationRequested();
        var pending = new PendingAppend(recordId, list, cancellationToken);
        bool lead;
        lock (_appendGate)
        {
            _appends.Enqueue(pending);
            lead = !_appending;
            _appending = true;
        }

        if (lead)
        {
            _ = Task.Run(CommitAppendsAsync, CancellationToken.None);
        }

        return pending.Result.Task;
    }

    public Task<IReadOnlyList<TimelineEvent>> ReadEventsAsync(UpgradeRecordId recordId, CancellationToken cancellationToken) =>
        _db.ReadAsync<IReadOnlyList<TimelineEvent>>("read timeline events", async connection =>
        {
            await using var command = Sql.Command(connection, null, ReadEventsSql, _db.Id("@record_id", recordId));
            return await Sql.ReadAllAsync(command, EventRow.Read, cancellationToken).ConfigureAwait(false);
        }, cancellationToken);

    /// <summary>
    /// One report in the group's transaction: the summaries of its subjects checked and merged, then its events inserted
    /// (an event already stored, same key, even one another process committed a moment ago, changes nothing: R-TIME-9).
    /// </summary>
    private async Task<int> AppendInTransactionAsync(DbConnection connection, DbTransaction transaction, UpgradeRecordId recordId,
        IReadOnlyList<TimelineEvent> events, CancellationToken cancellationToken)
    {
        await MergeSummariesAsync(connection, transaction, recordId, events, cancellationToken).ConfigureAwait(false);
        var added = await _dialect.InsertEventsAsync(connection, transaction, recordId, events, cancellationToken).ConfigureAwait(false);
        await _changes.AddChangeAsync(connection, transaction, RecordChangeKind.TimelineAppended, recordId, null, added, cancellationToken).ConfigureAwait(false);
        return added;
    }

    // Runs until the queue is empty: takes what is waiting, commits it as one transaction, answers each report.
    private async Task CommitAppendsAsync()
    {
        while (true)
        {
            List<PendingAppend> group;
            lock (_appendGate)
            {
                group = [];
                while (group.Count < MaxAppendsPerCommit && _appends.TryDequeue(out var next))
                {
                    if (next.CancellationToken.IsCancellationRequested)
                    {
                        next.Result.TrySetCanceled(next.CancellationToken);
                    }
                    else
                    {
                        group.Add(next);
                    }
                }

                if (group.Count == 0)
                {
                    _appending = false;
                    return;
                }
            }

            await CommitGroupAsync(group).ConfigureAwait(false);
        }
    }

    private async Task CommitGroupAsync(List<PendingAppend> group)
    {
        var outcomes = new Exception?[group.Count];
        var added = new int[group.Count];
        try
        {
            // Not one caller's token: the transaction is every waiting reporter's; each report's own token counted until it was taken.
            await _db.WriteAsync("append timeline events", async (connection, transaction) =>
            {
                for (var i = 0; i < group.Count; i++)
                {
                    var savepoint = "append_" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    await transaction.SaveAsync(savepoint, CancellationToken.None).ConfigureAwait(false);
                    try
                    {
                        added[i] = await AppendInTransactionAsync(connection, transaction, group[i].RecordId, group[i].Events, CancellationToken.None).ConfigureAwait(false);
                        outcomes[i] = null;
                        await transaction.ReleaseAsync(savepoint, CancellationToken.None).ConfigureAwait(false);
                    }
                    catch (ImpossibleTimeException refused)
                    {
                        // R-TIME-2: this report alone is refused; the rows it wrote go, the group's others stay.
                        outcomes[i] = refused;
                        await transaction.RollbackAsync(savepoint, CancellationToken.None).ConfigureAwait(false);
                        await transaction.ReleaseAsync(savepoint, CancellationToken.None).ConfigureAwait(false);
                    }
                }

                return 0;
            }, null, CancellationToken.None).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Whatever failed the commit fails every report of the group, as the caller's own call would have.
        catch (Exception failure)
#pragma warning restore CA1031
        {
            foreach (var pending in group)
            {
                pending.Result.TrySetException(failure);
            }

            return;
        }

        for (var i = 0; i < group.Count; i++)
        {
            if (outcomes[i] is { } refused)
            {
                group[i].Result.TrySetException(refused);
            }
            else
            {
                group[i].Result.TrySetResult(added[i]);
            }
        }
    }

    /// <summary>A report waiting for its group commit.</summary>
    private sealed record PendingAppend(UpgradeRecordId RecordId, IReadOnlyList<TimelineEvent> Events, CancellationToken CancellationToken)
    {
        public TaskCompletionSource<int> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
