using Dataphin.UpgradeKit.Storage.Shared;
using Dataphin.UpgradeKit.Timeline;

namespace Dataphin.UpgradeKit.PostgreSql;

public sealed partial class PostgreSqlUpgradeStore
{
    // One statement for the whole batch, rows in the caller's order; an event already stored (same key, even one
    // committed a moment ago by another instance) is skipped, and the row count says how many were new (R-TIME-9).
    private const string InsertEventsSql =
        "INSERT INTO timeline_events (record_id, event_key, kind, subject, at, outcome, details_link) " +
        "SELECT @record_id, e.event_key, e.kind, e.subject, e.at, e.outcome, e.details_link " +
        "FROM unnest(@keys, @kinds, @subjects, @ats, @outcomes, @links) WITH ORDINALITY AS e(event_key, kind, subject, at, outcome, details_link, n) " +
        "ORDER BY e.n ON CONFLICT (record_id, event_key) DO NOTHING";

    /// <inheritdoc />
    public Task<int> AppendEventsAsync(UpgradeRecordId recordId, IReadOnlyCollection<TimelineEvent> events, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        var list = events.Select(e => e ?? throw new ArgumentException("An event is null.", nameof(events))).ToList();
        if (list.Count == 0)
        {
            return Task.FromResult(0);
        }

        var keys = list.Select(e => e.Key).ToArray();
        var kinds = list.Select(e => (int)e.Kind).ToArray();
        var subjects = list.Select(e => e.Subject).ToArray();
        var ats = list.Select(e => e.At.ToUnixTimeTicks()).ToArray();
        var outcomes = list.Select(e => e.Outcome is { } o ? (int?)o : null).ToArray();
        var links = list.Select(e => e.DetailsLink).ToArray();
        return RunAsync("append timeline events", (connection, transaction) =>
            ExecuteAsync(connection, transaction, InsertEventsSql, cancellationToken,
                P("@record_id", recordId.Value), P("@keys", keys), P("@kinds", kinds), P("@subjects", subjects), P("@ats", ats),
                P("@outcomes", outcomes), P("@links", links)), null, cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<TimelineEvent>> ReadEventsAsync(UpgradeRecordId recordId, CancellationToken cancellationToken = default) =>
        ReadAsync<IReadOnlyList<TimelineEvent>>("read timeline events", async connection =>
        {
            await using var command = Command(connection, null,
                $"SELECT {EventRow.SelectColumns} FROM timeline_events WHERE record_id = @record_id ORDER BY seq", P("@record_id", recordId.Value));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var stored = new List<TimelineEvent>();
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                stored.Add(EventRow.Read(reader));
            }

            return stored;
        }, cancellationToken);
}
