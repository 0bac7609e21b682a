using System.Data.Common;
using System.Globalization;
using Dataphin.UpgradeKit.Insights;

namespace Dataphin.UpgradeKit.Relational;

/// <summary>
/// The insights of both database stores, computed in the database (R-INS-1): one statement counts records per group
/// and status, one gives each duration's order statistics per group with window functions (the values at
/// floor(p·(n−1)) and after it, which the core interpolates as <c>percentile_cont</c> does), and the time to recover
/// from a window over the group's ends, newest first (<c>RANGE BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING</c>: the
/// earliest success ending strictly later). The frame starts at the partition's start, so both databases keep one running
/// minimum while the frame grows; a frame whose start moves (<c>1 FOLLOWING AND UNBOUNDED FOLLOWING</c>, the first form)
/// makes them recompute <c>MIN</c> over the rest of the partition for every row, quadratic in the group's size: 21 s for
/// 10,000 records on PostgreSQL.
/// Groups: 0 every record, 1 per mode, 2 per target version key.
/// </summary>
internal static class InsightsSql
{
    private static readonly string Successes = InList(UpgradeStatus.Succeeded, UpgradeStatus.ForceStoppedSucceeded);
    private static readonly string Failures = InList(UpgradeStatus.Failed, UpgradeStatus.ForceStoppedFailed);

    public static (string Sql, KeyValuePair<string, object>[] Parameters) Counts(InsightsQuery query)
    {
        var (with, parameters) = Groups(query);
        return ($"{with} SELECT kind, gkey, status, COUNT(*) FROM g GROUP BY kind, gkey, status", parameters);
    }

    public static (string Sql, KeyValuePair<string, object>[] Parameters) Durations(InsightsQuery query)
    {
        var (with, parameters) = Groups(query);
        var list = parameters.ToList();
        list.Add(new("@p50", DurationStatistics.MedianFraction));
        list.Add(new("@p90", DurationStatistics.Percentile90Fraction));
        var overBudget = "NULL";
        if (query.MaintenanceBudget is { } budget)
        {
            list.Add(new("@budget", budget.BclCompatibleTicks));
            overBudget = "SUM(CASE WHEN metric = 2 AND v > @budget THEN 1 ELSE 0 END)";
        }

        var sql = with + ", " +
            "e AS (SELECT kind, gkey, status, upgrade_ended_at AS ended, " +
            $"MIN(CASE WHEN status IN ({Successes}) THEN upgrade_ended_at END) OVER (PARTITION BY kind, gkey ORDER BY upgrade_ended_at DESC " +
            "RANGE BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS next_success FROM g WHERE upgrade_ended_at IS NOT NULL), " +
            "d AS (SELECT kind, gkey, 1 AS metric, upgrade_ended_at - upgrade_started_at AS v FROM g WHERE upgrade_started_at IS NOT NULL AND upgrade_ended_at IS NOT NULL " +
            "UNION ALL SELECT kind, gkey, 2, maintenance_ended_at - maintenance_started_at FROM g WHERE maintenance_started_at IS NOT NULL AND maintenance_ended_at IS NOT NULL " +
            $"UNION ALL SELECT kind, gkey, 3, next_success - ended FROM e WHERE status IN ({Failures}) AND next_success IS NOT NULL), " +
            "x AS (SELECT kind, gkey, metric, v, ROW_NUMBER() OVER (PARTITION BY kind, gkey, metric ORDER BY v) - 1 AS i, " +
            "COUNT(*) OVER (PARTITION BY kind, gkey, metric) AS n FROM d) " +
            "SELECT kind, gkey, metric, MIN(n), MIN(v), MAX(v), " +
            "MAX(CASE WHEN i <= @p50 * (n - 1) AND i + 1 > @p50 * (n - 1) THEN v END), " +
            "MAX(CASE WHEN i - 1 <= @p50 * (n - 1) AND i > @p50 * (n - 1) THEN v END), " +
            "MAX(CASE WHEN i <= @p90 * (n - 1) AND i + 1 > @p90 * (n - 1) THEN v END), " +
            "MAX(CASE WHEN i - 1 <= @p90 * (n - 1) AND i > @p90 * (n - 1) THEN v END), " +
            $"{overBudget} FROM x GROUP BY kind, gkey, metric";
        return (sql, [.. list]);
    }

    public static InsightsStatusCount ReadCount(DbDataReader reader) => new()
    {
        Group = Key(reader),
        Status = (UpgradeStatus)Convert.ToInt32(reader.GetValue(2), CultureInfo.InvariantCulture),
        Count = Convert.ToInt64(reader.GetValue(3), CultureInfo.InvariantCulture),
    };

    public static InsightsOrderStatistics ReadDurations(DbDataReader reader) => new()
    {
        Group = Key(reader),
        Metric = (InsightsMetric)Convert.ToInt32(reader.GetValue(2), CultureInfo.InvariantCulture),
        Count = Long(reader, 3)!.Value,
        MinimumTicks = Long(reader, 4)!.Value,
        MaximumTicks = Long(reader, 5)!.Value,
        MedianLowerTicks = Long(reader, 6)!.Value,
        MedianUpperTicks = Long(reader, 7),
        Percentile90LowerTicks = Long(reader, 8)!.Value,
        Percentile90UpperTicks = Long(reader, 9),
        OverBudget = (InsightsMetric)Convert.ToInt32(reader.GetValue(2), CultureInfo.InvariantCulture) == InsightsMetric.MaintenanceDuration ? Long(reader, 10) : null,
    };

    private static (string With, KeyValuePair<string, object>[] Parameters) Groups(InsightsQuery query)
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

        const string Columns = "status, upgrade_started_at, upgrade_ended_at, maintenance_started_at, maintenance_ended_at";
        var filter = where.Count == 0 ? string.Empty : " WHERE " + string.Join(" AND ", where);
        var with = $"WITH r AS (SELECT mode, target_version_key, {Columns} FROM upgrade_records{filter}), " +
            $"g AS (SELECT 0 AS kind, '' AS gkey, {Columns} FROM r " +
            $"UNION ALL SELECT 1, CAST(mode AS VARCHAR(12)), {Columns} FROM r " +
            $"UNION ALL SELECT 2, target_version_key, {Columns} FROM r)";
        return (with, [.. parameters]);
    }

    private static InsightsGroupKey Key(DbDataReader reader)
    {
        var kind = (InsightsGroupKind)Convert.ToInt32(reader.GetValue(0), CultureInfo.InvariantCulture);
        var key = reader.GetString(1);
        return kind switch
        {
            InsightsGroupKind.Overall => InsightsGroupKey.Overall,
            InsightsGroupKind.Mode => InsightsGroupKey.OfMode((UpgradeMode)int.Parse(key, NumberStyles.None, CultureInfo.InvariantCulture)),
            InsightsGroupKind.TargetVersion => InsightsGroupKey.OfTargetVersion(ProductVersion.Parse(string.Join('.',
                key.Split('.').Select(part => int.Parse(part, NumberStyles.None, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture))))),
            _ => throw new InvalidOperationException($"The insights query returned the group kind {kind}."),
        };
    }

    private static long? Long(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : Convert.ToInt64(reader.GetValue(ordinal), CultureInfo.InvariantCulture);

    private static string InList(params UpgradeStatus[] statuses) =>
        string.Join(", ", statuses.Select(status => ((int)status).ToString(CultureInfo.InvariantCulture)));
}
