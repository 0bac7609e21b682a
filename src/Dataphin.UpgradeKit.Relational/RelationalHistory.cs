using Dataphin.UpgradeKit.Auditing;
using Dataphin.UpgradeKit.Insights;
using Dataphin.UpgradeKit.Storage;

namespace Dataphin.UpgradeKit.Relational;

/// <summary>The history of a relational store: the audit trail's search and the insights, each read in SQL.</summary>
internal sealed class RelationalHistory(RelationalDatabase db)
{
    private readonly RelationalDatabase _db = db;
    private readonly RelationalDialect _dialect = db.Dialect;

    public Task<AuditTrailPage> QueryAuditAsync(AuditTrailQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.Validate();
        var (sql, parameters) = AuditTrailSql.Build(query, id => _dialect.Uuid(id.Value));
        return _db.ReadAsync("query the audit trail", async connection =>
        {
            await using var command = Sql.Command(connection, null, sql, parameters);
            var rows = await Sql.ReadAllAsync(command, reader =>
            {
                var recordId = new UpgradeRecordId(reader.GetGuid(reader.GetOrdinal("audit_record_id")));
                return (Entry: AuditRow.Read(recordId, reader), At: reader.GetInt64(reader.GetOrdinal("audit_at")), Seq: reader.GetInt64(reader.GetOrdinal("audit_seq")));
            }, cancellationToken).ConfigureAwait(false);
            var items = new List<AuditEntry>(Math.Min(rows.Count, query.PageSize));
            items.AddRange(rows.Take(query.PageSize).Select(row => row.Entry));
            var next = rows.Count > query.PageSize ? AuditTrailSql.Encode(rows[query.PageSize - 1].At, rows[query.PageSize - 1].Seq) : null;
            return new AuditTrailPage { Items = items, ContinuationToken = next };
        }, cancellationToken);
    }

    public Task<InsightsFigures> ComputeInsightsAsync(InsightsQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.Validate();
        var (countSql, countParameters) = InsightsSql.Counts(query);
        var (durationSql, durationParameters) = InsightsSql.Durations(query);
        return _db.ReadAsync("compute insights", async connection =>
        {
            await using var counts = Sql.Command(connection, null, countSql, countParameters);
            var countRows = await Sql.ReadAllAsync(counts, InsightsSql.ReadCount, cancellationToken).ConfigureAwait(false);
            await using var durations = Sql.Command(connection, null, durationSql, durationParameters);
            var durationRows = await Sql.ReadAllAsync(durations, InsightsSql.ReadDurations, cancellationToken).ConfigureAwait(false);
            return new InsightsFigures { Counts = countRows, Durations = durationRows };
        }, cancellationToken);
    }
}
