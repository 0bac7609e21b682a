using Dataphin.UpgradeKit.Timeline;

namespace Dataphin.UpgradeKit.Storage.Shared;

internal sealed partial class RelationalUpgradeStore
{
    private const string ReadEventsSql = $"SELECT {EventRow.SelectColumns} FROM timeline_events WHERE record_id = @record_id ORDER BY seq";

    public Task<int> AppendEventsAsync(UpgradeRecordId recordId, IReadOnlyCollection<TimelineEvent> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        var list = events.Select(e => e ?? throw new ArgumentException("An event is null.", nameof(events))).ToList();
        if (list.Count == 0)
        {
            return Task.FromResult(0);
        }

        // An event already stored (same key, even one another process committed a moment ago) changes nothing (R-TIME-9).
        return WriteAsync("append timeline events", async (connection, transaction) =>
        {
            var added = await _dialect.InsertEventsAsync(connection, transaction, recordId, list, cancellationToken).ConfigureAwait(false);
            await AddChangeAsync(connection, transaction, RecordChangeKind.TimelineAppended, recordId, null, added, cancellationToken).ConfigureAwait(false);
            return added;
        }, null, cancellationToken);
    }

    public Task<IReadOnlyList<TimelineEvent>> ReadEventsAsync(UpgradeRecordId recordId, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<TimelineEvent>>("read timeline events", async connection =>
        {
            await using var command = Sql.Command(connection, null, ReadEventsSql, Id("@record_id", recordId));
            return await Sql.ReadAllAsync(command, EventRow.Read, cancellationToken).ConfigureAwait(false);
        }, cancellationToken);
}
