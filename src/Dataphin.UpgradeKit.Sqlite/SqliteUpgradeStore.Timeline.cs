using Dataphin.UpgradeKit.Storage.Shared;
using Dataphin.UpgradeKit.Timeline;

namespace Dataphin.UpgradeKit.Sqlite;

public sealed partial class SqliteUpgradeStore
{
    private static readonly string InsertEventSql =
        $"INSERT INTO timeline_events (record_id, {string.Join(", ", EventRow.WrittenColumns)}) " +
        $"VALUES (@record_id, {string.Join(", ", EventRow.WrittenColumns.Select(c => "@" + c))}) " +
        "ON CONFLICT (record_id, event_key) DO NOTHING";

    /// <inheritdoc />
    public Task<int> AppendEventsAsync(UpgradeRecordId recordId, IReadOnlyCollection<TimelineEvent> events, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        var rows = events.Select(e => EventRow.Values(e ?? throw new ArgumentException("An event is null.", nameof(events)))).ToList();
        if (rows.Count == 0)
        {
            return Task.FromResult(0);
        }

        return WriteAsync("append timeline events", async (connection, transaction) =>
        {
            // One prepared statement for the batch; an event already stored (same key) changes nothing (R-TIME-9).
            using var command = Command(connection, transaction, InsertEventSql, P("@record_id", Text(recordId)));
            var parameters = EventRow.WrittenColumns.Select(c => command.Parameters.Add(new Microsoft.Data.Sqlite.SqliteParameter("@" + c, DBNull.Value))).ToArray();
            var added = 0;
            foreach (var values in rows)
            {
                for (var i = 0; i < values.Length; i++)
                {
                    parameters[i].Value = values[i];
                }

                added += await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            return added;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<TimelineEvent>> ReadEventsAsync(UpgradeRecordId recordId, CancellationToken cancellationToken = default) =>
        ReadAsync<IReadOnlyList<TimelineEvent>>("read timeline events", async connection =>
        {
            using var command = Command(connection, null, $"SELECT {EventRow.SelectColumns} FROM timeline_events WHERE record_id = @record_id ORDER BY seq",
                P("@record_id", Text(recordId)));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var events = new List<TimelineEvent>();
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                events.Add(EventRow.Read(reader));
            }

            return events;
        }, cancellationToken);
}
