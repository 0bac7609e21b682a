using System.Globalization;
using Dataphin.UpgradeKit.Storage;

namespace Dataphin.UpgradeKit.Relational;

/// <summary>
/// The two forms of the records-list query of both database stores (R-HIST-1). Both are keyset pages on
/// <c>(sort key, id)</c> that read one row more than the page to know whether another page follows, with the
/// configuration joined only to the rows of the page; they differ in how the database finds the rows.
/// <list type="bullet">
/// <item><see cref="ListForm.Walk"/> reads the order's index from the cursor for at most <see cref="WalkBudget"/> rows (per dialect),
/// narrowed only by what that index itself seeks (the creation interval and one mode or status), and applies the other
/// filters to those rows. Cheap whenever the matches are not rare near the top of the order, at any size and depth.</item>
/// <item><see cref="ListForm.Sort"/> lets the database find every match after the cursor through the filters' own
/// indexes and sorts them (the sort key is written so no index can supply the order). Cheap when the matches are few,
/// which is exactly when the walk ran out of budget: an index walk there would read to the end of the index for filters
/// that no row (or only rows far down the order) meets together, and the planner cannot know that.</item>
/// </list>
/// Each form alone gives the exact page: the walk's rows are a prefix of the order restricted to the seek filters, so
/// when they hold a full page, or the walk reached the end, no match can lie before them.
/// </summary>
internal static class ListSql
{
    // What a version piece of the split sort form returns: the id and every column an order's key is computed from.
    private const string PieceColumns = "id, created_at, upgrade_started_at, upgrade_ended_at, maintenance_started_at, maintenance_ended_at";

    // The record's columns each record_operators entry carries (003_record_operators.sql), under the record's own names.
    private const string OperatorColumns = "created_at, status, mode, target_version_key, initial_version_key, " +
        "upgrade_started_at, upgrade_ended_at, maintenance_started_at, maintenance_ended_at";

    /// <summary>The rows of the order one walk reads at most: <paramref name="walk"/>'s rows per row it returns, at most its maximum.</summary>
    public static int WalkBudget(int pageSize, (int PerPageRow, int Max) walk) => Math.Min(walk.PerPageRow * (pageSize + 1), walk.Max);

    /// <summary>
    /// Whether a dialect with a walk tries it before the sort form, or null when that depends on how many records the
    /// query's operator has (<see cref="OperatorEntries"/>). Without an operator, yes. With one, newest first, no: the sort
    /// form reads the operator's own index in that order and stops at a page (index-only), never slower than walking the
    /// whole order and probing the operator on each row. In a duration order the sort form reads all of the operator's
    /// entries and sorts them: cheaper than a walk for most operators (measured at 1,000,000 records, a walked row with its
    /// record and probe costs about 20 times an operator's index entry), but not for one with a large share of all records,
    /// whose matches a walk finds quickly.
    /// </summary>
    public static bool? WalksFirst(UpgradeRecordQuery query) =>
        query.Operator is null ? true : query.Sort == UpgradeRecordSortOrder.NewestFirst ? false : null;

    /// <summary>How many of an operator's entries make the walk go first in a duration order: ten times the walk's budget.</summary>
    public static int OperatorEntriesCap(int walkBudget) => walkBudget * 10;

    /// <summary>Counts the operator's entries in record_operators, up to <see cref="OperatorEntriesCap"/> (an index-only read that stops there).</summary>
    public static (string Sql, IReadOnlyList<KeyValuePair<string, object>> Parameters) OperatorEntries(string actor, int walkBudget) =>
        ("SELECT COUNT(*) FROM (SELECT 1 FROM record_operators WHERE actor = @operator LIMIT @cap) o",
            [new("@operator", actor), new("@cap", OperatorEntriesCap(walkBudget))]);

    /// <summary>Builds the statement of <paramref name="form"/>; <paramref name="idValue"/> gives the adapter's parameter value for an id.</summary>
    /// <remarks>
    /// The walk's rows are <see cref="RecordRow.SelectColumns"/> plus the count of rows walked; when the page is empty it
    /// returns one row whose record columns are null (see <see cref="ReadWalked"/>).
    /// </remarks>
    public static (string Sql, IReadOnlyList<KeyValuePair<string, object>> Parameters) Build(
        UpgradeRecordQuery query, UpgradeRecordCursor? cursor, Func<UpgradeRecordId, object> idValue, ListForm form, int walkBudget,
        string configurationJoin = RelationalDialect.PlainConfigurationJoin)
    {
        var seek = new List<string>();
        var rest = new List<string>();
        var parameters = new List<KeyValuePair<string, object>>();
        var statuses = query.EffectiveStatuses()?.Distinct().ToList();
        var modes = query.Modes is { Count: > 0 } chosen ? chosen.Distinct().ToList() : null;
        var newest = query.Sort == UpgradeRecordSortOrder.NewestFirst;

        // What the order's index seeks together with the order (001/003_history's (status|mode, created_at, id) and
        // 003_search_indexes's (mode, duration, id)): one equality column, then the creation interval in the default order.
        var statusSeeks = newest && statuses is { Count: <= 1 };
        var modeSeeks = !statusSeeks && modes is { Count: 1 };
        if (statuses is not null)
        {
            (statusSeeks ? seek : rest).Add(statuses.Count == 0 ? "1 = 0"
                : $"status IN ({InList(parameters, "@status", statuses.Select(status => (object)(int)status))})");
        }

        if (modes is not null)
        {
            (modeSeeks ? seek : rest).Add($"mode IN ({InList(parameters, "@mode", modes.Select(mode => (object)(int)mode))})");
        }

        // Split by version, the pieces meet the ranges by construction; written there too, they would only make the
        // planner think each version's records fewer than they are (and prefer reading all of them to walking them).
        var split = form == ListForm.Sort && SplitsByVersion(query);
        List<string> ranges = split ? [] : rest;
        AddRange(ranges, parameters, "target_version_key", "@target_from", query.TargetVersionFrom, ">=");
        AddRange(ranges, parameters, "target_version_key", "@target_to", query.TargetVersionTo, "<=");
        AddRange(ranges, parameters, "initial_version_key", "@initial_from", query.InitialVersionFrom, ">=");
        AddRange(ranges, parameters, "initial_version_key", "@initial_to", query.InitialVersionTo, "<=");
        AddInterval(rest, parameters, "upgrade_started_at", "@started", query.StartedWithin);
        AddInterval(rest, parameters, "upgrade_ended_at", "@finished", query.FinishedWithin);
        // The sort form with an operator reads only that operator's entries of record_operators (PostgreSQL's
        // 003_record_operators.sql), which carry every column the filters and orders use: newest first in the order of
        // its index, stopping at a page; in a duration order all of them, sorted. It reads a record only for the page.
        var byOperator = form == ListForm.Sort && query.Operator is not null;
        if (query.Operator is { } actor)
        {
            // R-HIST-1: created or acted on. The forms of a dialect with a walk read record_operators (every creator and
            // audited actor of a record, kept by triggers): the walk probes its key (actor, record_id) per row it reads, the
            // sort form reads the operator's entries. One statement (SQLite) reads the creator and the audit index.
            // The walk's probe is a scalar subquery (one row at most, by the key), not EXISTS: the planner may turn an
            // EXISTS into a hash join, which does not keep the walk's order, and the page would not be the first matches.
            parameters.Add(new("@operator", actor));
            if (!byOperator)
            {
                rest.Add(form switch
                {
                    ListForm.Walk => "(SELECT 1 FROM record_operators o WHERE o.actor = @operator AND o.record_id = w.id) IS NOT NULL",
                    _ => "(created_by = @operator OR id IN (SELECT a.record_id FROM audit_entries a WHERE a.actor = @operator))",
                });
            }
        }

        if (query.Version is { } version)
        {
            parameters.Add(new("@version_key", VersionKey.For(version)));
            rest.Add("(target_version_key = @version_key OR initial_version_key = @version_key)");
        }

        AddInterval(newest ? seek : rest, parameters, "created_at", "@created", query.CreatedWithin);
        var key = SortKey(query.Sort);
        var descending = UpgradeRecordCursor.IsDescending(query.Sort);
        // In the sort form, "+ 0" makes the key an expression no index has, so the database cannot walk an index for the order;
        // split by version in the newest-first order, each version's index supplies the order (and seeks the cursor).
        // With an operator, the order is that of the operator's index (newest first) or a sort of their entries either way.
        var orderKey = form == ListForm.Sort && !(split && newest) && !byOperator ? key + " + 0" : key;
        if (!newest)
        {
            // A duration order lists only the records that have the duration: once known it never changes, so the
            // keyset stays stable while records finish (R-HIST-1).
            seek.Insert(0, $"{key} IS NOT NULL");
        }

        if (cursor is { } after)
        {
            parameters.Add(new("@after_key", after.Sort == UpgradeRecordSortOrder.NewestFirst ? after.CreatedAt.ToUnixTimeTicks() : after.SortKey.BclCompatibleTicks));
            parameters.Add(new("@after_id", idValue(after.Id)));
            seek.Add($"({orderKey}, id) {(descending ? "<" : ">")} (@after_key, @after_id)");
        }

        parameters.Add(new("@limit", query.PageSize + 1));
        var direction = descending ? "DESC" : "ASC";
        var order = $"ORDER BY {orderKey} {direction}, id {direction}";
        var outerKey = key.Replace("upgrade_", "r.upgrade_", StringComparison.Ordinal).Replace("maintenance_", "r.maintenance_", StringComparison.Ordinal)
            .Replace("created_at", "r.created_at", StringComparison.Ordinal);
        var outerOrder = $"ORDER BY {outerKey} {direction}, r.id {direction}";
        // The sort forms find the matches' ids (and keys) first and read the records for the page only, so that an index
        // carrying every filtered column answers the filters and the order alone.
        string Page(string ids, string with = "") =>
            $"{with}SELECT {RecordRow.SelectColumns} FROM (SELECT u.* FROM ({ids}) p JOIN upgrade_records u ON u.id = p.id) r {configurationJoin} {outerOrder}";

        if (split)
        {
            // One read per version (pair) the range holds, each by the index led by it (its columns carry every filter and
            // key: 003_version_search.sql): a walk of that index newest first, the version's matches sorted otherwise; the
            // pieces' first rows merged.
            var (versions, match) = VersionPieces(query);
            var filter = Where(seek.Concat(rest).Prepend(match));
            return (Page($"SELECT q.id FROM v CROSS JOIN LATERAL (SELECT {PieceColumns} FROM upgrade_records{filter} {order} LIMIT @limit) q {order} LIMIT @limit",
                $"WITH RECURSIVE {versions} "), parameters);
        }

        if (byOperator)
        {
            // The filters and the keyset read the entry's copies of the record's columns (same names; the record id as id).
            var filter = Where(seek.Concat(rest));
            return (Page($"SELECT o.id FROM (SELECT record_id AS id, {OperatorColumns} FROM record_operators WHERE actor = @operator) o{filter} {order} LIMIT @limit"),
                parameters);
        }

        if (form == ListForm.Sort)
        {
            // The start and end times' indexes of 003_interval_search.sql carry every filtered column.
            return (Page($"SELECT id FROM upgrade_records{Where(seek.Concat(rest))} {order} LIMIT @limit"), parameters);
        }

        if (form == ListForm.Single)
        {
            var filter = Where(seek.Concat(rest));
            return ($"SELECT {RecordRow.SelectColumns} FROM (SELECT * FROM upgrade_records{filter} {order} LIMIT @limit) r {configurationJoin} {outerOrder}",
                parameters);
        }

        // The filtered walk takes the first rows of the ordered subquery as they come (a scan of a subquery keeps its
        // order in both databases; the outer ORDER BY sorts the page), so it stops reading as soon as the page is full
        // instead of sorting the whole walk; only a page that is not full asks how far the walk got, counting the
        // walked rows again in the order's index (a CASE evaluates the branch it takes only).
        parameters.Add(new("@walk", walkBudget));
        var sql =
            $"WITH p AS (SELECT * FROM (SELECT * FROM upgrade_records{Where(seek)} {order} LIMIT @walk) w{Where(rest)} LIMIT @limit) " +
            $"SELECT {RecordRow.SelectColumns}, n.walked FROM (SELECT CASE WHEN (SELECT COUNT(*) FROM p) = @limit THEN 0 " +
            $"ELSE (SELECT COUNT(*) FROM (SELECT 1 FROM upgrade_records{Where(seek)} {order} LIMIT @walk) s) END AS walked) n " +
            $"LEFT JOIN p r ON 1 = 1 {configurationJoin} {outerOrder}";
        return (sql, parameters);
    }

    /// <summary>
    /// Reads a row of the walk: the record (null on the one row of an empty page) and how many rows the walk read.
    /// </summary>
    public static (UpgradeRecord? Record, long Walked) ReadWalked(System.Data.Common.DbDataReader reader) =>
        (reader.IsDBNull(0) ? null : RecordRow.Read(reader), reader.GetInt64(RecordRow.ColumnCount));

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
    /// The expression <paramref name="sort"/> orders by, written exactly as the indexes of <c>003_history.sql</c> and
    /// <c>003_search_indexes.sql</c> are, so that both databases can walk an index in that order.
    /// </summary>
    public static string SortKey(UpgradeRecordSortOrder sort) => sort switch
    {
        UpgradeRecordSortOrder.NewestFirst => "created_at",
        UpgradeRecordSortOrder.LongestUpgradeFirst or UpgradeRecordSortOrder.ShortestUpgradeFirst => "(upgrade_ended_at - upgrade_started_at)",
        UpgradeRecordSortOrder.LongestMaintenanceFirst or UpgradeRecordSortOrder.ShortestMaintenanceFirst => "(maintenance_ended_at - maintenance_started_at)",
        _ => throw new ArgumentOutOfRangeException(nameof(sort), sort, "The sort order is not defined."),
    };

    /// <summary>
    /// Whether the sort form of <paramref name="query"/> reads a version range version by version: with a target- or
    /// initial-version range (whose versions are few, tens to hundreds, however many records hold them) when each
    /// version's read can seek: in the newest-first order (the version's index is in that order), within a creation
    /// interval (the index's next column), or with both ranges (a target range is read per (target, initial) pair).
    /// Otherwise each version's records would all be read and sorted, which costs more than intersecting the filters' indexes.
    /// Not with an operator filter: an operator's records are few, and each version's walk would read most of its records
    /// to find theirs, where the whole form finds them through the operator's own indexes. Not with a started or finished
    /// interval either: each version's walk would read all of the version's records that the interval excludes (at
    /// 1,000,000 records a range of 200,000 records with a six-month start interval and no match: 97 ms), where the
    /// whole form intersects the interval's index with the others (10–18 ms).
    /// </summary>
    public static bool SplitsByVersion(UpgradeRecordQuery query)
    {
        var target = query.TargetVersionFrom is not null || query.TargetVersionTo is not null;
        var initial = query.InitialVersionFrom is not null || query.InitialVersionTo is not null;
        return (target || initial) && query.Operator is null && query.StartedWithin is null && query.FinishedWithin is null
            && (query.Sort == UpgradeRecordSortOrder.NewestFirst || query.CreatedWithin is not null || (target && initial));
    }

    // The versions of the range (v), found by skipping through the index led by them (one index probe per version: the
    // least key above the last one), and the condition that ties a piece's rows to one of them. With a target range, v
    // holds every (target, initial) pair within both ranges (003_version_search's index led by the two), so both ranges
    // are seeks; with an initial range only, v holds the initial versions.
    private static (string Versions, string Match) VersionPieces(UpgradeRecordQuery query)
    {
        static string Bounds(string column, string from, string to, ProductVersion? lower, ProductVersion? upper, string? prefix = null) =>
            string.Join(" AND ", new[] { prefix, lower is null ? null : $"{column} >= {from}", upper is null ? null : $"{column} <= {to}" }.Where(c => c is not null));

        static string Skip(string name, string column, string first, string next) =>
            $"{name}(k) AS (SELECT MIN({column}) FROM upgrade_records{Where(first)} UNION ALL " +
            $"SELECT (SELECT MIN({column}) FROM upgrade_records WHERE {next}) FROM {name} WHERE {name}.k IS NOT NULL)";

        static string Where(string condition) => condition.Length == 0 ? string.Empty : " WHERE " + condition;

        var initialTo = query.InitialVersionTo is null ? string.Empty : " AND initial_version_key <= @initial_to";
        if (query.TargetVersionFrom is null && query.TargetVersionTo is null)
        {
            var first = Bounds("initial_version_key", "@initial_from", "@initial_to", query.InitialVersionFrom, query.InitialVersionTo);
            return (Skip("s", "initial_version_key", first, "initial_version_key > s.k" + initialTo) + ", v(j) AS (SELECT k FROM s WHERE k IS NOT NULL)",
                "initial_version_key = v.j");
        }

        var targetTo = query.TargetVersionTo is null ? string.Empty : " AND target_version_key <= @target_to";
        var targets = Skip("t", "target_version_key", Bounds("target_version_key", "@target_from", "@target_to", query.TargetVersionFrom, query.TargetVersionTo),
            "target_version_key > t.k" + targetTo);
        var initials = Skip("s", "initial_version_key",
            Bounds("initial_version_key", "@initial_from", "@initial_to", query.InitialVersionFrom, query.InitialVersionTo, "target_version_key = t.k"),
            "target_version_key = t.k AND initial_version_key > s.k" + initialTo);
        return ($"{targets}, v(k, j) AS (SELECT t.k, i.j FROM t CROSS JOIN LATERAL (WITH RECURSIVE {initials} SELECT k AS j FROM s WHERE k IS NOT NULL) i " +
            "WHERE t.k IS NOT NULL)", "target_version_key = v.k AND initial_version_key = v.j");
    }

    private static string Where(IEnumerable<string> conditions)
    {
        var all = conditions.ToList();
        return all.Count == 0 ? string.Empty : " WHERE " + string.Join(" AND ", all);
    }

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

/// <summary>The forms of the records-list query (see <see cref="ListSql"/>).</summary>
internal enum ListForm
{
    /// <summary>One statement with every filter and the order; the database's planner chooses how (the SQLite dialect).</summary>
    Single,

    /// <summary>Walk the order's index for a bounded number of rows and filter them.</summary>
    Walk,

    /// <summary>Find every match after the cursor by the filters' indexes and sort them.</summary>
    Sort,
}
