using System.Globalization;
using Dataphin.UpgradeKit.Notifications;
using NodaTime;

namespace Dataphin.UpgradeKit.Relational;

// The stalls of running upgrades (R-ETA-2, schema part 003_stalls.sql). The partial unique index on the open stall of a
// record makes the start idempotent across host instances: the insert of a second open stall does nothing, and only the
// transaction that inserted the row stores the notification in the outbox.
internal sealed class RelationalStalls(RelationalDatabase db, RelationalOutbox outbox)
{
    private const string StartSql =
        "INSERT INTO stall_episodes (id, record_id, reason, started_at) VALUES (@id, @record_id, @reason, @started_at) " +
        "ON CONFLICT (record_id) WHERE ended_at IS NULL DO NOTHING";

    private const string EndSqlPrefix = "UPDATE stall_episodes SET ended_at = @ended_at WHERE ended_at IS NULL AND record_id IN (";

    private const string ReadOpenSql = "SELECT record_id FROM stall_episodes WHERE ended_at IS NULL";

    // Far below SQLite's 32,766 parameters.
    private const int EndChunk = 1000;

    public Task<bool> StartStallAsync(UpgradeStalledNotification notification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        return db.WriteAsync("start a stall", async (connection, transaction) =>
        {
            var inserted = await Sql.ExecuteAsync(connection, transaction, StartSql, cancellationToken,
                Sql.P("@id", db.Dialect.Uuid(notification.Id)),
                db.Id("@record_id", notification.RecordId),
                Sql.P("@reason", (int)notification.Reason),
                Sql.P("@started_at", notification.OccurredAt.ToUnixTimeTicks())).ConfigureAwait(false);
            if (inserted == 0)
            {
                return false;
            }

            await outbox.InsertNotificationAsync(connection, transaction, notification, cancellationToken).ConfigureAwait(false);
            return true;
        }, null, cancellationToken);
    }

    public Task<int> EndStallsAsync(IReadOnlyCollection<UpgradeRecordId> recordIds, Instant endedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(recordIds);
        if (recordIds.Count == 0)
        {
            return Task.FromResult(0);
        }

        var ids = recordIds.Distinct().ToList();
        return db.WriteAsync("end stalls", async (connection, transaction) =>
        {
            var ended = 0;
            foreach (var chunk in ids.Chunk(EndChunk))
            {
                var names = string.Join(", ", chunk.Select((_, i) => "@id" + i.ToString(CultureInfo.InvariantCulture)));
                await using var command = Sql.Command(connection, transaction, EndSqlPrefix + names + ")", Sql.P("@ended_at", endedAt.ToUnixTimeTicks()));
                for (var i = 0; i < chunk.Length; i++)
                {
                    Sql.Add(command, "@id" + i.ToString(CultureInfo.InvariantCulture), db.Dialect.Uuid(chunk[i].Value));
                }

                ended += await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            return ended;
        }, null, cancellationToken);
    }

    // One statement per chunk of records, through the primary key's leading record_id.
    public Task<IReadOnlyDictionary<UpgradeRecordId, IReadOnlyList<Timeline.TimelineSubjectSummary>>> ReadTimelineSummariesAsync(
        IReadOnlyCollection<UpgradeRecordId> recordIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(recordIds);
        var ids = recordIds.Distinct().ToList();
        return db.ReadAsync<IReadOnlyDictionary<UpgradeRecordId, IReadOnlyList<Timeline.TimelineSubjectSummary>>>("read timeline summaries of records", async connection =>
        {
            var summaries = new Dictionary<UpgradeRecordId, List<Timeline.TimelineSubjectSummary>>();
            foreach (var chunk in ids.Chunk(EndChunk))
            {
                var names = string.Join(", ", chunk.Select((_, i) => "@id" + i.ToString(CultureInfo.InvariantCulture)));
                await using var command = Sql.Command(connection, null,
                    $"SELECT {SummaryRow.SelectColumns}, record_id FROM timeline_summaries WHERE record_id IN ({names})");
                for (var i = 0; i < chunk.Length; i++)
                {
                    Sql.Add(command, "@id" + i.ToString(CultureInfo.InvariantCulture), db.Dialect.Uuid(chunk[i].Value));
                }

                var rows = await Sql.ReadAllAsync(command, reader => (Id: new UpgradeRecordId(reader.GetGuid(8)), Summary: SummaryRow.Read(reader)),
                    cancellationToken).ConfigureAwait(false);
                foreach (var (id, summary) in rows)
                {
                    if (summary is null)
                    {
                        continue;
                    }

                    if (!summaries.TryGetValue(id, out var list))
                    {
                        summaries[id] = list = [];
                    }

                    list.Add(summary);
                }
            }

            return summaries.ToDictionary(p => p.Key, p => (IReadOnlyList<Timeline.TimelineSubjectSummary>)p.Value);
        }, cancellationToken);
    }

    public Task<IReadOnlyList<UpgradeRecordId>> ReadOpenStallsAsync(CancellationToken cancellationToken) =>
        db.ReadAsync<IReadOnlyList<UpgradeRecordId>>("read open stalls", async connection =>
        {
            await using var command = Sql.Command(connection, null, ReadOpenSql);
            return await Sql.ReadAllAsync(command, reader => new UpgradeRecordId(reader.GetGuid(0)), cancellationToken).ConfigureAwait(false);
        }, cancellationToken);
}
