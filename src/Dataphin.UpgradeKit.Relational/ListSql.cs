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
        if (query.Statuses is { Count: > 0 } statuses)
        {
            var names = new List<string>();
            foreach (var status in statuses.Distinct())
            {
                var name = string.Create(CultureInfo.InvariantCulture, $"@status{names.Count}");
                names.Add(name);
                parameters.Add(new(name, (int)status));
            }

            where.Add($"status IN ({string.Join(", ", names)})");
        }

        if (query.Version is { } version)
        {
            parameters.Add(new("@version_key", VersionKey.For(version)));
            where.Add("(target_version_key = @version_key OR initial_version_key = @version_key)");
        }

        if (query.CreatedWithin is { } within)
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

        if (cursor is { } after)
        {
            parameters.Add(new("@after_created_at", after.CreatedAt.ToUnixTimeTicks()));
            parameters.Add(new("@after_id", idValue(after.Id)));
            where.Add("(created_at, id) < (@after_created_at, @after_id)");
        }

        parameters.Add(new("@limit", query.PageSize + 1));
        var filter = where.Count == 0 ? string.Empty : " WHERE " + string.Join(" AND ", where);
        var sql =
            $"SELECT {RecordRow.SelectColumns} FROM (SELECT * FROM upgrade_records{filter} " +
            "ORDER BY created_at DESC, id DESC LIMIT @limit) r " +
            "LEFT JOIN upgrade_configurations c ON c.record_id = r.id ORDER BY r.created_at DESC, r.id DESC";
        return (sql, parameters);
    }

    /// <summary>Cuts the rows read to the page and issues the continuation token when more rows followed.</summary>
    public static UpgradeRecordPage ToPage(List<UpgradeRecord> rows, int pageSize)
    {
        if (rows.Count <= pageSize)
        {
            return new UpgradeRecordPage(rows, null);
        }

        var items = rows.GetRange(0, pageSize);
        return new UpgradeRecordPage(items, UpgradeRecordCursor.After(items[^1]).Encode());
    }
}
