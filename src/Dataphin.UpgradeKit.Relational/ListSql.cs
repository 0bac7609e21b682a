using System.Globalization;
using Dataphin.UpgradeKit.Storage;

namespace Dataphin.UpgradeKit.Relational;

/// <summary>
/// The records-list query of both database stores: filters on indexed columns, keyset paging on
/// <c>(created_at, id)</c> newest first, one row more than the page to know whether another page follows, and the
/// configuration joined only to the rows of the page.
/// </summary>
internal static class ListSql
{
    /// <summary>Builds the statement; <paramref name="idValue"/> gives the adapter's parameter value for an id.</summary>
    public static (string Sql, IReadOnlyList<KeyValuePair<string, object>> Parameters) Build(
        UpgradeRecordQuery query, UpgradeRecordCursor? cursor, Func<UpgradeRecordId, object> idValue)
    {
        var where = new List<string>();
        var parameters = new List<KeyValuePair<string, object>>();
        if (query.EffectiveStatuses() is { } statuses)
        {
            where.Add(statuses.Count == 0 ? "1 = 0" : $"status IN ({InList(parameters, "@status", statuses.Select(status => (object)(int)status))})");
        }

        if (query.Modes is { Count: > 0 } modes)
        {
            where.Add($"mode IN ({InList(parameters, "@mode", modes.Distinct().Select(mode => (object)(int)mode))})");
        }

        AddRange(where, parameters, "target_version_key", "@target_from", query.TargetVersionFrom, ">=");
        AddRange(where, parameters, "target_version_key", "@target_to", query.TargetVersionTo, "<=");
        AddRange(where, parameters, "initial_version_key", "@initial_from", query.InitialVersionFrom, ">=");
        AddRange(where, parameters, "initial_version_key", "@initial_to", query.InitialVersionTo, "<=");
        AddInterval(where, parameters, "upgrade_started_at", "@started", query.StartedWithin);
        AddInterval(where, parameters, "upgrade_ended_at", "@finished", query.FinishedWithin);
        if (query.Operator is { } actor)
        {
            // R-HIST-1: created or acted on; the audit index (actor, record_id) answers the second half.
            parameters.Add(new("@operator", actor));
            where.Add("(created_by = @operator OR id IN (SELECT a.record_id FROM audit_entries a WHERE a.actor = @operator))");
        }

        if (query.Version is { } version)
        {
            parameters.Add(new("@version_key", VersionKey.For(version)));
            where.Add("(target_version_key = @version_key OR initial_version_key = @version_key)");
        }

        AddInterval(where, parameters, "created_at", "@created", query.CreatedWithin);
        var key = SortKey(query.Sort);
        var descending = UpgradeRecordCursor.IsDescending(query.Sort);
        if (query.Sort != UpgradeRecordSortOrder.NewestFirst)
        {
            // A duration order lists only the records that have the duration: once known it never changes, so the
            // keyset stays stable while records finish (R-HIST-1).
            where.Add($"{key} IS NOT NULL");
        }

        if (cursor is { } after)
        {
            parameters.Add(new("@after_key", after.Sort == UpgradeRecordSortOrder.NewestFirst ? after.CreatedAt.ToUnixTimeTicks() : after.SortKey.BclCompatibleTicks));
            parameters.Add(new("@after_id", idValue(after.Id)));
            where.Add($"({key}, id) {(descending ? "<" : ">")} (@after_key, @after_id)");
        }

        parameters.Add(new("@limit", query.PageSize + 1));
        var filter = where.Count == 0 ? string.Empty : " WHERE " + string.Join(" AND ", where);
        var direction = descending ? "DESC" : "ASC";
        var outerKey = key.Replace("upgrade_", "r.upgrade_", StringComparison.Ordinal).Replace("maintenance_", "r.maintenance_", StringComparison.Ordinal)
            .Replace("created_at", "r.created_at", StringComparison.Ordinal);
        var sql =
            $"SELECT {RecordRow.SelectColumns} FROM (SELECT * FROM upgrade_records{filter} " +
            $"ORDER BY {key} {direction}, id {direction} LIMIT @limit) r " +
            $"LEFT JOIN upgrade_configurations c ON c.record_id = r.id ORDER BY {outerKey} {direction}, r.id {direction}";
        return (sql, parameters);
    }

    /// <summary>Cuts the rows read to the page and issues the continuation token when more rows followed.</summary>
    public static UpgradeRecordPage ToPage(List<UpgradeRecord> rows, int pageSize, UpgradeRecordSortOrder sort = UpgradeRecordSortOrder.NewestFirst)
    {
        if (rows.Count <= pageSize)
        {
            return new UpgradeRecordPage(rows, null);
        }

        var items = rows.GetRange(0, pageSize);
        return new UpgradeRecordPage(items, UpgradeRecordCursor.After(items[^1], sort).Encode());
    }

    /// <summary>
    /// The expression <paramref name="sort"/> orders by, written exactly as the indexes of <c>003_history.sql</c> are,
    /// so that both databases answer from an index.
    /// </summary>
    public static string SortKey(UpgradeRecordSortOrder sort) => sort switch
    {
        UpgradeRecordSortOrder.NewestFirst => "created_at",
        UpgradeRecordSortOrder.LongestUpgradeFirst or UpgradeRecordSortOrder.ShortestUpgradeFirst => "(upgrade_ended_at - upgrade_started_at)",
        UpgradeRecordSortOrder.LongestMaintenanceFirst or UpgradeRecordSortOrder.ShortestMaintenanceFirst => "(maintenance_ended_at - maintenance_started_at)",
        _ => throw new ArgumentOutOfRangeException(nameof(sort), sort, "The sort order is not defined."),
    };

    private static string InList(List<KeyValuePair<string, object>> parameters, string prefix, IEnumerable<object> values)
    {
        var names = new List<string>();
        foreach (var value in values)
        {
            var name = string.Create(CultureInfo.InvariantCulture, $"{prefix}{names.Count}");
            names.Add(name);
            parameters.Add(new(name, value));
        }

        return string.Join(", ", names);
    }

    private static void AddRange(List<string> where, List<KeyValuePair<string, object>> parameters, string column, string name,
        ProductVersion? bound, string comparison)
    {
        if (bound is { } version)
        {
            parameters.Add(new(name, VersionKey.For(version)));
            where.Add($"{column} {comparison} {name}");
        }
    }

    private static void AddInterval(List<string> where, List<KeyValuePair<string, object>> parameters, string column, string prefix, NodaTime.Interval? interval)
    {
        if (interval is not { } within)
        {
            return;
        }

        if (within.HasStart)
        {
            parameters.Add(new(prefix + "_from", within.Start.ToUnixTimeTicks()));
            where.Add($"{column} >= {prefix}_from");
        }

        if (within.HasEnd)
        {
            parameters.Add(new(prefix + "_to", within.End.ToUnixTimeTicks()));
            where.Add($"{column} < {prefix}_to");
        }
    }
}
