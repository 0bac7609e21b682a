using System.Data.Common;
using System.Globalization;
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
        // Over every record, a schema that keeps the insights' tables answers the counts from them, and from enough records
        // the durations too (every metric's values at the ranks the statistics need: a cost that grows with the groups and
        // buckets, not the records); with an interval, or few records, the records are read.
        var keepable = _dialect.KeepsInsightsRecoveries && InsightsSql.AllRecords(query);
        return _db.ReadAsync("compute insights", async connection =>
        {
            await using var transaction = await _dialect.BeginInsightsReadAsync(connection, cancellationToken).ConfigureAwait(false);
            var keys = new InsightsKeys();
            var (countSql, countParameters) = keepable ? InsightsSql.KeptCounts(query) : InsightsSql.Counts(query, _dialect.HasPercentileAggregates);
            await using var counts = Sql.Command(connection, transaction, countSql, countParameters);
            await _dialect.PrepareReadAsync(counts, cancellationToken).ConfigureAwait(false);
            var countRows = await Sql.ReadAllAsync(counts, reader => (
                Group: keys.Of(Int(reader, 0), reader.GetValue(1), reader.GetValue(2)) ?? throw new InvalidOperationException("An insights count row has no group key."),
                Status: (UpgradeStatus)Int(reader, 3),
                Count: Long(reader, 4)!.Value,
                OverBudget: Long(reader, 5)), cancellationToken).ConfigureAwait(false);
            var kept = keepable && countRows.Where(row => row.Group == InsightsGroupKey.Overall).Sum(row => row.Count) >= InsightsSql.KeptFrom;
            var grouped = _dialect.HasPercentileAggregates && !kept;
            var (durationSql, durationParameters) = kept ? (InsightsSql.KeptRanks(), [])
                : grouped ? InsightsSql.Percentiles(query, _dialect.KeepsInsightsRecoveries) : InsightsSql.Ranks(query);
            await using var durations = Sql.Command(connection, transaction, durationSql, durationParameters);
            await _dialect.PrepareReadAsync(durations, cancellationToken).ConfigureAwait(false);
            List<InsightsOrderStatistics> statistics;
            if (grouped)
            {
                var rows = await Sql.ReadAllAsync(durations, reader => ReadPercentiles(reader, keys), cancellationToken).ConfigureAwait(false);
                statistics = [.. rows.OfType<InsightsOrderStatistics>()];
            }
            else
            {
                var ranks = new InsightsRanks(keys);
                await Sql.ReadAllAsync(durations, reader =>
                {
                    var values = new object[6];
                    for (var i = 0; i < values.Length; i++)
                    {
                        values[i] = reader.GetValue(4 + i);
                    }

                    ranks.Add(Int(reader, 0), reader.GetValue(1), reader.GetValue(2), Long(reader, 3)!.Value, values);
                    return 0;
                }, cancellationToken).ConfigureAwait(false);
                statistics = [.. ranks.Statistics()];
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            // Counts have every group's key (a mode or version key is never null there); overruns are per group, over statuses.
            var overBudget = query.MaintenanceBudget is null ? null
                : countRows.GroupBy(row => row.Group).ToDictionary(g => g.Key, g => g.Sum(row => row.OverBudget ?? 0));
            return new InsightsFigures
            {
                Counts = [.. countRows.Select(row => new InsightsStatusCount { Group = row.Group, Status = row.Status, Count = row.Count })],
                Durations = [.. statistics.Select(s => s.Metric == InsightsMetric.MaintenanceDuration && overBudget is not null
                    ? new InsightsOrderStatistics
                    {
                        Group = s.Group, Metric = s.Metric, Count = s.Count, MinimumTicks = s.MinimumTicks, MaximumTicks = s.MaximumTicks,
                        MedianTicks = s.MedianTicks, Percentile90Ticks = s.Percentile90Ticks, OverBudget = overBudget.GetValueOrDefault(s.Group),
                    }
                    : s)],
            };
        }, cancellationToken);
    }

    // PostgreSQL's row of one group and metric; null for a group the metric has not (a time to recover of another kind).
    private static InsightsOrderStatistics? ReadPercentiles(DbDataReader reader, InsightsKeys keys)
    {
        var kind = Int(reader, 0);
        if (keys.Of(kind, reader.GetValue(1), reader.GetValue(2)) is not { } key || InsightsSql.Metric(Int(reader, 3), (InsightsGroupKind)kind) is not { } metric)
        {
            return null;
        }

        return new InsightsOrderStatistics
        {
            Group = key,
            Metric = metric,
            Count = Long(reader, 4)!.Value,
            MinimumTicks = Long(reader, 5)!.Value,
            MaximumTicks = Long(reader, 6)!.Value,
            MedianTicks = Convert.ToDouble(reader.GetValue(7), CultureInfo.InvariantCulture),
            Percentile90Ticks = Convert.ToDouble(reader.GetValue(8), CultureInfo.InvariantCulture),
        };
    }

    private static int Int(DbDataReader reader, int ordinal) => Convert.ToInt32(reader.GetValue(ordinal), CultureInfo.InvariantCulture);

    private static long? Long(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : Convert.ToInt64(reader.GetValue(ordinal), CultureInfo.InvariantCulture);
}
