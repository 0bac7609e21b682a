using System.Globalization;
using Dataphin.UpgradeKit.Insights;

namespace Dataphin.UpgradeKit.Relational;

/// <summary>
/// The insights of both database stores, computed in the database (R-INS-1) by two statements in one snapshot, each
/// reading the records of the interval once (<c>r</c>, materialized):
/// <list type="bullet">
/// <item>counts per group and status, with the maintenance windows over the budget;</item>
/// <item>the order statistics of every duration. The time to recover comes from one pass over the finished records
/// newest end first (<c>t</c>): a running minimum of the success ends strictly later (<c>RANGE BETWEEN UNBOUNDED
/// PRECEDING AND 1 PRECEDING</c>, a frame whose start never moves, so the minimum is kept, not recomputed), overall and
/// per mode in the same pass (one column per mode), per target version in a second pass partitioned by version.
/// PostgreSQL then gives count, minimum, maximum and <c>percentile_cont</c> of both fractions per group through
/// grouping sets; SQLite, which has neither, numbers the values in one sort per metric (overall rank, and per mode a
/// running count of that mode's values in the same order) and one sort per metric and version, and returns only the
/// rows at the ranks the statistics need (InsightsRanks assembles them).</item>
/// </list>
/// Metrics in SQL: 1 upgrade duration, 2 maintenance duration, 3, 4 and 5 the time to recover within the group of
/// every record, of the mode, of the target version (each value belongs to one kind of group only).
/// </summary>
internal static class InsightsSql
{
    public const int OverallRecovery = 3;
    public const int ModeRecovery = 4;
    public const int VersionRecovery = 5;

    private static readonly string Successes = InList(UpgradeStatus.Succeeded, UpgradeStatus.ForceStoppedSucceeded);
    private static readonly string Failures = InList(UpgradeStatus.Failed, UpgradeStatus.ForceStoppedFailed);
    private static readonly int[] Modes = [.. Enum.GetValues<UpgradeMode>().Select(mode => (int)mode)];

    // The fractions of the median and the 90th percentile, written into the statements as double-precision constants (the
    // same values as parameters would carry): a statement without parameters is planned once per connection and its plan
    // kept (RelationalDialect.PrepareReadAsync), where parameters would have it planned again on every call.
    private static readonly string P50 = Fraction(DurationStatistics.MedianFraction);
    private static readonly string P90 = Fraction(DurationStatistics.Percentile90Fraction);

    /// <summary>Counts per group and status: kind, mode, version key, status, count, windows over the budget (or null).</summary>
    public static (string Sql, KeyValuePair<string, object>[] Parameters) Counts(InsightsQuery query, bool groupingSets)
    {
        var (records, parameters) = Records(query);
        var list = parameters.ToList();
        var overBudget = "NULL";
        if (query.MaintenanceBudget is { } budget)
        {
            list.Add(new("@budget", budget.BclCompatibleTicks));
            overBudget = "SUM(CASE WHEN dm > @budget THEN 1 ELSE 0 END)";
        }

        // PostgreSQL: one hash pass over the records for the three grouping sets (a materialized r cost 2.6 times as much).
        var sql = groupingSets
            ? $"SELECT CASE GROUPING(mode, tkey) WHEN 3 THEN 0 WHEN 1 THEN 1 ELSE 2 END, mode, tkey, status, COUNT(*), {overBudget} " +
                $"FROM ({records}) r GROUP BY GROUPING SETS ((status), (mode, status), (tkey, status))"
            : $"WITH r AS MATERIALIZED ({records}) SELECT 0, NULL, NULL, status, COUNT(*), {overBudget} FROM r GROUP BY status " +
                $"UNION ALL SELECT 1, mode, NULL, status, COUNT(*), {overBudget} FROM r GROUP BY mode, status " +
                $"UNION ALL SELECT 2, NULL, tkey, status, COUNT(*), {overBudget} FROM r GROUP BY tkey, status";
        return (sql, [.. list]);
    }

    /// <summary>
    /// PostgreSQL: per group and metric, kind, mode, version key, metric, count, minimum, maximum, median and 90th
    /// percentile (<c>percentile_cont</c>, not rounded).
    /// </summary>
    public static (string Sql, KeyValuePair<string, object>[] Parameters) Percentiles(InsightsQuery query, bool keptRecoveries)
    {
        var (with, parameters) = keptRecoveries ? KeptValues(query) : Values(query);
        var sql = $"{with} SELECT kind, mode, tkey, metric, n, lo, hi, pc[1], pc[2] FROM (" +
            "SELECT CASE GROUPING(mode, tkey) WHEN 3 THEN 0 WHEN 1 THEN 1 ELSE 2 END AS kind, mode, tkey, metric, COUNT(*) AS n, MIN(v) AS lo, MAX(v) AS hi, " +
            $"percentile_cont(ARRAY[{P50}, {P90}]) WITHIN GROUP (ORDER BY v) AS pc " +
            "FROM d WHERE v IS NOT NULL GROUP BY GROUPING SETS ((metric), (metric, mode), (metric, tkey))) s";
        return (sql, [.. parameters]);
    }

    /// <summary>
    /// SQLite: the values at the ranks the statistics need (0, the last, and floor(p·(n−1)) and the next for both
    /// fractions) in any of their groups: metric, mode, version key, value, then rank and count overall, in the mode, in
    /// the version (0-based ranks; null where the metric has no such group).
    /// </summary>
    public static (string Sql, KeyValuePair<string, object>[] Parameters) Ranks(InsightsQuery query)
    {
        var (with, parameters) = Values(query);
        string PerMode(string frame) => "CASE mode " + string.Concat(Modes.Select(m => Invariant($"WHEN {m} THEN COUNT(CASE WHEN mode = {m} THEN 1 END) OVER {frame} "))) + "END";
        static string Wanted(string i, string n) =>
            $"({i} = 0 OR {i} = {n} - 1 OR {i} - CAST({P50} * ({n} - 1) AS INTEGER) IN (0, 1) OR {i} - CAST({P90} * ({n} - 1) AS INTEGER) IN (0, 1))";
        var sql = $"{with}, x AS (SELECT metric, mode, tkey, v, " +
            "ROW_NUMBER() OVER a - 1 AS i0, COUNT(*) OVER p AS c0, " +
            $"{PerMode("a")} - 1 AS im, {PerMode("p")} AS cm, " +
            "ROW_NUMBER() OVER av - 1 AS iv, COUNT(*) OVER pv AS cv FROM d WHERE v IS NOT NULL " +
            "WINDOW p AS (PARTITION BY metric), a AS (PARTITION BY metric ORDER BY v ROWS UNBOUNDED PRECEDING), " +
            "pv AS (PARTITION BY metric, tkey), av AS (PARTITION BY metric, tkey ORDER BY v ROWS UNBOUNDED PRECEDING)) " +
            "SELECT metric, mode, tkey, v, i0, c0, im, cm, iv, cv FROM x WHERE " +
            Invariant($"(metric IN (1, 2, {OverallRecovery}) AND {Wanted("i0", "c0")}) OR (metric IN (1, 2, {ModeRecovery}) AND {Wanted("im", "cm")}) ") +
            Invariant($"OR (metric IN (1, 2, {VersionRecovery}) AND {Wanted("iv", "cv")})");
        return (sql, [.. parameters]);
    }

    /// <summary>The group key of a row's kind, mode and version key columns, or null for a group the metric has not.</summary>
    public static InsightsGroupKey? Key(int kind, object mode, object tkey) => (InsightsGroupKind)kind switch
    {
        InsightsGroupKind.Overall => InsightsGroupKey.Overall,
        InsightsGroupKind.Mode => mode is DBNull ? null : InsightsGroupKey.OfMode((UpgradeMode)Convert.ToInt32(mode, CultureInfo.InvariantCulture)),
        InsightsGroupKind.TargetVersion => tkey is DBNull ? null : InsightsGroupKey.OfTargetVersion(ProductVersion.Parse(string.Join('.',
            ((string)tkey).Split('.').Select(part => int.Parse(part, NumberStyles.None, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture))))),
        _ => throw new InvalidOperationException($"The insights query returned the group kind {kind}."),
    };

    /// <summary>The metric a row's SQL metric is within a group of <paramref name="kind"/>, or null when it is not one of that group's.</summary>
    public static InsightsMetric? Metric(int metric, InsightsGroupKind kind) => metric switch
    {
        1 => InsightsMetric.UpgradeDuration,
        2 => InsightsMetric.MaintenanceDuration,
        OverallRecovery when kind == InsightsGroupKind.Overall => InsightsMetric.TimeToRecover,
        ModeRecovery when kind == InsightsGroupKind.Mode => InsightsMetric.TimeToRecover,
        VersionRecovery when kind == InsightsGroupKind.TargetVersion => InsightsMetric.TimeToRecover,
        _ => null,
    };

    /// <summary>
    /// From how many records the kept tables answer the insights over every record. Their cost grows with the groups and
    /// buckets (about 14,000 bucket rows at 10,000 records, 110,000 at 1,000,000); reading the records costs less below this.
    /// The PostgreSQL tests set 0, so that their small databases answer from the kept tables.
    /// </summary>
    public static long KeptFrom { get; set; } = 30_000;

    /// <summary>Whether <paramref name="query"/> covers every record (no creation bound), which the kept tables answer alone.</summary>
    public static bool AllRecords(InsightsQuery query) => query.Within is not { } within || (!within.HasStart && !within.HasEnd);

    /// <summary>
    /// PostgreSQL, every record: the counts of <see cref="Counts"/> from insights_counts; the windows over the budget from
    /// insights_buckets (the buckets above the budget's) plus the records of the budget's bucket counted from the
    /// maintenance duration index, given on the first status row of each group (the caller sums a group's rows).
    /// </summary>
    public static (string Sql, KeyValuePair<string, object>[] Parameters) KeptCounts(InsightsQuery query)
    {
        var parameters = new List<KeyValuePair<string, object>>();
        var overBudget = "NULL::bigint";
        var with = string.Empty;
        if (query.MaintenanceBudget is { } budget)
        {
            parameters.Add(new("@budget", budget.BclCompatibleTicks));
            const string Dm = "(maintenance_ended_at - maintenance_started_at)";
            const string InBucket = $"{Dm} > @budget AND {Dm} <= upgradekit_insights_bucket_high(upgradekit_insights_bucket(@budget))";
            with = "WITH o AS (SELECT kind, mode, tkey, SUM(n) AS n FROM insights_buckets WHERE metric = 2 AND bucket > upgradekit_insights_bucket(@budget) GROUP BY kind, mode, tkey " +
                $"UNION ALL SELECT 0, 0, '', COUNT(*) FROM upgrade_records WHERE {InBucket} " +
                $"UNION ALL SELECT 1, mode, '', COUNT(*) FROM upgrade_records WHERE {InBucket} GROUP BY mode " +
                $"UNION ALL SELECT 2, 0, target_version_key, COUNT(*) FROM upgrade_records WHERE {InBucket} GROUP BY target_version_key) ";
            overBudget = "CASE WHEN c.status = MIN(c.status) OVER (PARTITION BY c.kind, c.mode, c.tkey) " +
                "THEN COALESCE((SELECT SUM(o.n) FROM o WHERE o.kind = c.kind AND o.mode = c.mode AND o.tkey = c.tkey), 0) ELSE 0 END";
        }

        return ($"{with}SELECT c.kind, CASE c.kind WHEN 1 THEN c.mode END, CASE c.kind WHEN 2 THEN c.tkey END, c.status, c.n, {overBudget} " +
            "FROM insights_counts c WHERE c.n > 0", [.. parameters]);
    }

    /// <summary>
    /// PostgreSQL, every record: every metric's values at the ranks the statistics need, in the rows of <see cref="Ranks"/>
    /// (<see cref="InsightsRanks"/> interpolates). Per group and metric the buckets of insights_buckets give the count and,
    /// by their running sum, the bucket of every rank and its offset there; the value is read between the bucket's bounds
    /// at that offset from the index of the group's kind: the duration indexes of upgrade_records, the time-to-recover
    /// indexes of insights_recoveries.
    /// </summary>
    public static string KeptRanks()
    {
        static string Read(int kind, int metric)
        {
            var (table, v, group) = (kind, metric) switch
            {
                (0, 1 or 2) => ("upgrade_records", Duration(metric), string.Empty),
                (1, 1 or 2) => ("upgrade_records", Duration(metric), "u.mode = a.mode AND "),
                (2, 1 or 2) => ("upgrade_records", Duration(metric), "u.target_version_key = a.tkey AND "),
                (0, _) => ("insights_recoveries", "(u.n0_ended - u.ended)", string.Empty),
                (1, _) => ("insights_recoveries", "(u.nm_ended - u.ended)", "u.mode = a.mode AND "),
                _ => ("insights_recoveries", "(u.nv_ended - u.ended)", "u.tkey = a.tkey AND "),
            };
            return "SELECT a.metric, a.mode, a.tkey, r.v, " +
                "CASE a.kind WHEN 0 THEN a.i END, CASE a.kind WHEN 0 THEN a.total END, CASE a.kind WHEN 1 THEN a.i END, CASE a.kind WHEN 1 THEN a.total END, " +
                $"CASE a.kind WHEN 2 THEN a.i END, CASE a.kind WHEN 2 THEN a.total END FROM a CROSS JOIN LATERAL (SELECT {v} AS v FROM {table} u WHERE {group}" +
                $"{v} BETWEEN upgradekit_insights_bucket_low(a.bucket) AND upgradekit_insights_bucket_high(a.bucket) ORDER BY {v} OFFSET a.off LIMIT 1) r " +
                Invariant($"WHERE a.kind = {kind} AND a.metric = {metric}");
        }

        static string Duration(int metric) => metric == 1 ? "(u.upgrade_ended_at - u.upgrade_started_at)" : "(u.maintenance_ended_at - u.maintenance_started_at)";
        (int Kind, int Metric)[] reads = [(0, 1), (0, 2), (1, 1), (1, 2), (2, 1), (2, 2), (0, OverallRecovery), (1, ModeRecovery), (2, VersionRecovery)];
        // h: every bucket with the running count up to it and its group's count; q: only the buckets that hold a rank
        // wanted (0, the last, floor(p·(n−1)) and the next for both fractions); a: the ranks with their bucket and offset.
        var sql = "WITH h AS (SELECT kind, mode, tkey, metric, bucket, n, (SUM(n) OVER (PARTITION BY kind, mode, tkey, metric ORDER BY bucket))::bigint AS upto, " +
            "(SUM(n) OVER (PARTITION BY kind, mode, tkey, metric))::bigint AS total FROM insights_buckets WHERE n <> 0), " +
            $"q AS (SELECT * FROM (SELECT h.*, floor({P50} * (total - 1))::bigint AS i50, floor({P90} * (total - 1))::bigint AS i90 FROM h) h " +
            "WHERE upto - n = 0 OR upto = total OR (i50 + 1 >= upto - n AND i50 < upto) OR (i90 + 1 >= upto - n AND i90 < upto)), " +
            "a AS MATERIALIZED (SELECT DISTINCT q.kind, q.mode, q.tkey, q.metric, q.total, q.bucket, x.i, x.i - (q.upto - q.n) AS off FROM q " +
            "CROSS JOIN LATERAL unnest(ARRAY[0, q.total - 1, q.i50, q.i50 + 1, q.i90, q.i90 + 1]) AS x (i) WHERE x.i >= q.upto - q.n AND x.i < q.upto) " +
            string.Join(" UNION ALL ", reads.Select(r => Read(r.Kind, r.Metric)));
        return sql;
    }

    // The query of the records of the interval, each read once (r); everything else reads r.
    private static (string Records, List<KeyValuePair<string, object>> Parameters) Records(InsightsQuery query)
    {
        var where = new List<string>();
        var parameters = new List<KeyValuePair<string, object>>();
        if (query.Within is { } within)
        {
            if (within.HasStart)
            {
                parameters.Add(new("@created_from", within.Start.ToUnixTimeTicks()));
                where.Add("created_at >= @created_from");
            }

            if (within.HasEnd)
            {
                parameters.Add(new("@created_to", within.End.ToUnixTimeTicks()));
                where.Add("created_at < @created_to");
            }
        }

        var filter = where.Count == 0 ? string.Empty : " WHERE " + string.Join(" AND ", where);
        return ("SELECT mode, target_version_key AS tkey, status, upgrade_ended_at AS ended, " +
            "upgrade_ended_at - upgrade_started_at AS du, maintenance_ended_at - maintenance_started_at AS dm " +
            $"FROM upgrade_records{filter}", parameters);
    }

    // r, t (each finished success or failure with the next later success end: overall, per mode, per version) and d (every
    // value of every metric with its mode and version; a time to recover carries only the key of its kind of group).
    private static (string With, List<KeyValuePair<string, object>> Parameters) Values(InsightsQuery query)
    {
        var (records, parameters) = Records(query);
        const string Later = "RANGE BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING";
        var perMode = string.Concat(Modes.Select(m => Invariant($"MIN(CASE WHEN status IN ({Successes}) AND mode = {m} THEN ended END) OVER w0 AS n{m}, ")));
        var modeNext = "CASE mode " + string.Concat(Modes.Select(m => Invariant($"WHEN {m} THEN n{m} "))) + "END";
        var with = $"WITH r AS MATERIALIZED ({records}), " +
            $"t AS MATERIALIZED (SELECT mode, tkey, status, ended, MIN(CASE WHEN status IN ({Successes}) THEN ended END) OVER w0 AS n0, {perMode}" +
            $"MIN(CASE WHEN status IN ({Successes}) THEN ended END) OVER wv AS nv " +
            $"FROM r WHERE status IN ({Successes}, {Failures}) AND ended IS NOT NULL " +
            $"WINDOW w0 AS (ORDER BY ended DESC {Later}), wv AS (PARTITION BY tkey ORDER BY ended DESC {Later})), " +
            "d AS (SELECT 1 AS metric, mode, tkey, du AS v FROM r UNION ALL SELECT 2, mode, tkey, dm FROM r " +
            Invariant($"UNION ALL SELECT {OverallRecovery}, NULL, NULL, n0 - ended FROM t WHERE status IN ({Failures}) ") +
            Invariant($"UNION ALL SELECT {ModeRecovery}, mode, NULL, {modeNext} - ended FROM t WHERE status IN ({Failures}) ") +
            Invariant($"UNION ALL SELECT {VersionRecovery}, NULL, tkey, nv - ended FROM t WHERE status IN ({Failures}))");
        return (with, parameters);
    }

    // r and d as Values gives them, the times to recover read from insights_recoveries (PostgreSQL, 003_insights.sql): one row
    // per finished failure with its next success overall, in its mode, in its version. With an interval, a failure's stored
    // next success created outside it is looked up again among the successes of the interval (an index seek).
    private static (string With, List<KeyValuePair<string, object>> Parameters) KeptValues(InsightsQuery query)
    {
        var (records, parameters) = Records(query);
        var inInterval = new List<string>();
        if (parameters.Any(p => p.Key == "@created_from"))
        {
            inInterval.Add("{0} >= @created_from");
        }

        if (parameters.Any(p => p.Key == "@created_to"))
        {
            inInterval.Add("{0} < @created_to");
        }

        string Within(string column) => string.Join(" AND ", inInterval.Select(condition => string.Format(CultureInfo.InvariantCulture, condition, column)));
        string Next(string column, string group, string order)
        {
            if (inInterval.Count == 0)
            {
                return $"f.{column}_ended";
            }

            return $"CASE WHEN f.{column}_ended IS NULL OR ({Within($"f.{column}_created")}) THEN f.{column}_ended ELSE " +
                $"(SELECT s.upgrade_ended_at FROM upgrade_records s WHERE s.status IN ({Successes}) AND s.upgrade_ended_at IS NOT NULL AND {group}" +
                $"s.upgrade_ended_at > f.ended AND {Within("s.created_at")} ORDER BY {order}s.upgrade_ended_at LIMIT 1) END";
        }

        var failures = inInterval.Count == 0 ? "insights_recoveries f" : $"insights_recoveries f WHERE {Within("f.created_at")}";
        // The records are read twice rather than materialized once: storing r cost more than a second read of the table at
        // every size measured (warm, psql: 10,000 records 13-16 -> 7-8 ms; one year of 100,000 32 -> 22 ms; of 1,000,000
        // 277 -> 169 ms).
        var with = $"WITH r AS NOT MATERIALIZED ({records}), " +
            "d AS (SELECT 1 AS metric, mode, tkey, du AS v FROM r UNION ALL SELECT 2, mode, tkey, dm FROM r " +
            Invariant($"UNION ALL SELECT {OverallRecovery}, NULL, NULL, {Next("n0", string.Empty, string.Empty)} - f.ended FROM {failures} ") +
            Invariant($"UNION ALL SELECT {ModeRecovery}, f.mode, NULL, {Next("nm", "s.mode = f.mode AND ", "s.mode, ")} - f.ended FROM {failures} ") +
            Invariant($"UNION ALL SELECT {VersionRecovery}, NULL, f.tkey, {Next("nv", "s.target_version_key = f.tkey AND ", "s.target_version_key, ")} - f.ended FROM {failures})");
        return (with, parameters);
    }

    private static string Fraction(double value) => $"CAST({value.ToString("R", CultureInfo.InvariantCulture)} AS DOUBLE PRECISION)";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static string InList(params UpgradeStatus[] statuses) =>
        string.Join(", ", statuses.Select(status => ((int)status).ToString(CultureInfo.InvariantCulture)));
}
