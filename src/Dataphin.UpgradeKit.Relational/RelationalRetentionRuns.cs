using System.Globalization;
using System.Text;
using Dataphin.UpgradeKit.Storage;
using NodaTime;

namespace Dataphin.UpgradeKit.Relational;

/// <summary>The audit of retention runs on a relational database: the <c>retention_runs</c> table (schema 3, part <c>003_retention_runs</c>).</summary>
internal sealed class RelationalRetentionRuns(RelationalDatabase db)
{
    private const string Columns =
        "id, actor, started_at, finished_at, outcome, removed_records, kept_records, batches, audit_entries, timeline_events, notifications, change_rows, files, error";

    private static readonly string InsertSql =
        $"INSERT INTO retention_runs ({Columns}) SELECT @id, @actor, @started_at, @finished_at, @outcome, @removed_records, @kept_records, @batches,"
        + " @audit_entries, @timeline_events, @notifications, @change_rows, @files, @error WHERE NOT EXISTS (SELECT 1 FROM retention_runs WHERE id = @id)";

    private static readonly string SelectSql = $"SELECT {Columns} FROM retention_runs ORDER BY started_at DESC, id DESC LIMIT @limit";

    public Task<RetentionRowCounts> CountDependentRowsAsync(IReadOnlyCollection<UpgradeRecordId> ids, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ids);
        if (ids.Count == 0)
        {
            return Task.FromResult(new RetentionRowCounts { Notifications = 0, ChangeRows = 0 });
        }

        var names = new StringBuilder();
        var parameters = new List<KeyValuePair<string, object>>(ids.Count);
        foreach (var id in ids.Distinct())
        {
            var name = "@r" + parameters.Count.ToString(CultureInfo.InvariantCulture);
            names.Append(parameters.Count == 0 ? "" : ", ").Append(name);
            parameters.Add(db.Id(name, id));
        }

        var sql = $"SELECT (SELECT count(*) FROM notification_outbox WHERE record_id IN ({names})), (SELECT count(*) FROM record_changes WHERE record_id IN ({names}))";
        return db.ReadAsync("count the rows retention removes with its records", async connection =>
        {
            await using var command = Sql.Command(connection, null, sql, [.. parameters]);
            var counts = await Sql.ReadAllAsync(command, static reader => new RetentionRowCounts
            {
                Notifications = Convert.ToInt32(reader.GetValue(0), CultureInfo.InvariantCulture),
                ChangeRows = Convert.ToInt32(reader.GetValue(1), CultureInfo.InvariantCulture),
            }, cancellationToken).ConfigureAwait(false);
            return counts[0];
        }, cancellationToken);
    }

    public Task AppendRunAsync(RetentionRunEntry run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        return db.WriteAsync("keep a retention run", async (connection, transaction) =>
            await Sql.ExecuteAsync(connection, transaction, InsertSql, cancellationToken,
                Sql.P("@id", run.Id.ToString("N", CultureInfo.InvariantCulture)),
                Sql.P("@actor", run.Actor),
                Sql.P("@started_at", run.StartedAt.ToUnixTimeTicks()),
                Sql.P("@finished_at", run.FinishedAt.ToUnixTimeTicks()),
                Sql.P("@outcome", (int)run.Outcome),
                Sql.P("@removed_records", run.RemovedRecords),
                Sql.P("@kept_records", run.KeptRecords),
                Sql.P("@batches", run.Batches),
                Sql.P("@audit_entries", run.AuditEntries),
                Sql.P("@timeline_events", run.TimelineEvents),
                Sql.P("@notifications", run.Notifications),
                Sql.P("@change_rows", run.ChangeRows),
                Sql.P("@files", string.Join('\n', run.Files)),
                Sql.P("@error", (object?)run.Error ?? DBNull.Value)).ConfigureAwait(false),
            null, cancellationToken);
    }

    public Task<IReadOnlyList<RetentionRunEntry>> ReadRunsAsync(int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return db.ReadAsync<IReadOnlyList<RetentionRunEntry>>("read retention runs", async connection =>
        {
            await using var command = Sql.Command(connection, null, SelectSql, Sql.P("@limit", limit));
            return await Sql.ReadAllAsync(command, static reader => new RetentionRunEntry
            {
                Id = Guid.ParseExact(reader.GetString(0), "N"),
                Actor = reader.GetString(1),
                StartedAt = Instant.FromUnixTimeTicks(reader.GetInt64(2)),
                FinishedAt = Instant.FromUnixTimeTicks(reader.GetInt64(3)),
                Outcome = (RetentionRunOutcome)reader.GetInt32(4),
                RemovedRecords = reader.GetInt32(5),
                KeptRecords = reader.GetInt32(6),
                Batches = reader.GetInt32(7),
                AuditEntries = reader.GetInt32(8),
                TimelineEvents = reader.GetInt32(9),
                Notifications = reader.GetInt32(10),
                ChangeRows = reader.GetInt32(11),
                Files = reader.GetString(12) is { Length: > 0 } files ? files.Split('\n') : [],
                Error = reader.IsDBNull(13) ? null : reader.GetString(13),
            }, cancellationToken).ConfigureAwait(false);
        }, cancellationToken);
    }
}
