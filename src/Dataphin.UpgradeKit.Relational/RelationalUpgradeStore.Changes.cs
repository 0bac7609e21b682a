using System.Collections.Concurrent;
using System.Data.Common;
using Dataphin.UpgradeKit.Storage;

namespace Dataphin.UpgradeKit.Relational;

internal sealed partial class RelationalUpgradeStore
{
    private const string ReadChangesSql =
        "SELECT seq, record_id, kind, record_version, new_events FROM record_changes WHERE seq > @after ORDER BY seq LIMIT @max";

    private const string ReadRecordChangesSql =
        "SELECT seq, record_id, kind, record_version, new_events FROM record_changes WHERE record_id = @record_id AND seq > @after ORDER BY seq LIMIT @max";

    // The write transactions that added a change row and have not committed yet: after their commit the watchers of
    // this process are woken (other processes learn it from the dialect's notification, if it has one).
    private readonly ConcurrentDictionary<DbTransaction, bool> _uncommittedChanges = new();

    /// <summary>Wakes this process's watchers after a commit that added a change (R-LIVE-1).</summary>
    public RecordChangeSignal Changes { get; } = new();

    // Changes committed through this process; an adapter whose database notifies other processes' commits overrides it.
    public IDisposable SubscribeToChanges(Action onCommitted) => Changes.Subscribe(onCommitted);

    /// <summary>The store's log lines, for the adapter's change listener.</summary>
    public RelationalStoreLog Log => _log;

    public Task<IReadOnlyList<RecordChangeEntry>> ReadChangesAsync(long afterPosition, int maxCount, UpgradeRecordId? recordId,
        CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(afterPosition);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxCount);
        return ReadAsync<IReadOnlyList<RecordChangeEntry>>("read the change feed", async connection =>
        {
            await using var command = recordId is { } only
                ? Sql.Command(connection, null, ReadRecordChangesSql, Id("@record_id", only), Sql.P("@after", afterPosition), Sql.P("@max", maxCount))
                : Sql.Command(connection, null, ReadChangesSql, Sql.P("@after", afterPosition), Sql.P("@max", maxCount));
            return await Sql.ReadAllAsync(command, static reader => new RecordChangeEntry(
                reader.GetInt64(0),
                new UpgradeRecordId(reader.GetGuid(1)),
                (RecordChangeKind)reader.GetInt32(2),
                reader.IsDBNull(3) ? null : reader.GetInt64(3),
                reader.GetInt32(4)), cancellationToken).ConfigureAwait(false);
        }, cancellationToken);
    }

    public Task<long> ReadLastPositionAsync(CancellationToken cancellationToken) =>
        ReadAsync("read the change feed", async connection =>
        {
            var last = await Sql.ScalarAsync(connection, null, "SELECT coalesce(max(seq), 0) FROM record_changes", cancellationToken).ConfigureAwait(false);
            return Convert.ToInt64(last, System.Globalization.CultureInfo.InvariantCulture);
        }, cancellationToken);

    /// <summary>
    /// Adds the change to the feed as the last statement of its transaction (the dialect makes the position
    /// commit-ordered), unless it is a timeline append that stored nothing new.
    /// </summary>
    private async Task AddChangeAsync(DbConnection connection, DbTransaction transaction, RecordChangeKind kind, UpgradeRecordId recordId,
        long? recordVersion, int newEvents, CancellationToken cancellationToken)
    {
        if (kind == RecordChangeKind.TimelineAppended && newEvents == 0)
        {
            return;
        }

        await _dialect.InsertChangeAsync(connection, transaction, _dialect.Uuid(recordId.Value), (int)kind, recordVersion, newEvents, cancellationToken)
            .ConfigureAwait(false);
        _uncommittedChanges[transaction] = true;
    }

    /// <summary>Called once a write transaction ended: wakes the watchers when it committed a change.</summary>
    private void ChangeTransactionEnded(DbTransaction transaction, bool committed)
    {
        if (_uncommittedChanges.TryRemove(transaction, out _) && committed)
        {
            Changes.Notify();
        }
    }
}
