using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Dataphin.UpgradeKit.Storage;

namespace Dataphin.UpgradeKit.Relational;

/// <summary>
/// The audit-trail query across records of both database stores: filters on indexed columns, keyset paging on
/// <c>(at, seq)</c> newest first (the indexes of <c>003_history.sql</c>), one row more than the page.
/// </summary>
internal static class AuditTrailSql
{
    private const string Prefix = "r:";

    /// <summary>The statement; the record id and sequence come back as <c>audit_record_id</c> and <c>audit_seq</c>.</summary>
    public static (string Sql, KeyValuePair<string, object>[] Parameters) Build(AuditTrailQuery query, Func<UpgradeRecordId, object> idValue)
    {
        var where = new List<string>();
        var parameters = new List<KeyValuePair<string, object>>();
        if (query.Actor is { } actor)
        {
            parameters.Add(new("@actor", actor));
            where.Add("actor = @actor");
        }

        if (query.Operations is { Count: > 0 } operations)
        {
            var names = new List<string>();
            foreach (var operation in operations.Distinct())
            {
                var name = string.Create(CultureInfo.InvariantCulture, $"@operation{names.Count}");
                names.Add(name);
                parameters.Add(new(name, (int)operation));
            }

            where.Add($"operation IN ({string.Join(", ", names)})");
        }

        if (query.RecordId is { } recordId)
        {
            parameters.Add(new("@record_id", idValue(recordId)));
            where.Add("record_id = @record_id");
        }

        if (query.Outcome is { } outcome)
        {
            parameters.Add(new("@outcome", (int)outcome));
            where.Add("outcome = @outcome");
        }

        if (query.Within is { } within)
        {
            if (within.HasStart)
            {
                parameters.Add(new("@at_from", within.Start.ToUnixTimeTicks()));
                where.Add("at >= @at_from");
            }

            if (within.HasEnd)
            {
                parameters.Add(new("@at_to", within.End.ToUnixTimeTicks()));
                where.Add("at < @at_to");
            }
        }

        if (query.ContinuationToken is { } token)
        {
            var (at, seq) = Decode(token);
            parameters.Add(new("@after_at", at));
            parameters.Add(new("@after_seq", seq));
            where.Add("(at, seq) < (@after_at, @after_seq)");
        }

        parameters.Add(new("@limit", query.PageSize + 1));
        var filter = where.Count == 0 ? string.Empty : " WHERE " + string.Join(" AND ", where);
        var sql = $"SELECT {AuditRow.SelectColumns}, record_id AS audit_record_id, seq AS audit_seq, at AS audit_at FROM audit_entries{filter} " +
            "ORDER BY at DESC, seq DESC LIMIT @limit";
        return (sql, [.. parameters]);
    }

    public static string Encode(long at, long seq) =>
        Base64Url.EncodeToString(Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{Prefix}{at}:{seq}")));

    private static (long At, long Seq) Decode(string token)
    {
        try
        {
            var text = Encoding.ASCII.GetString(Base64Url.DecodeFromChars(token));
            var parts = text.StartsWith(Prefix, StringComparison.Ordinal) ? text[Prefix.Length..].Split(':') : [];
            if (parts.Length == 2
                && long.TryParse(parts[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var at)
                && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var seq))
            {
                return (at, seq);
            }
        }
        catch (FormatException)
        {
        }

        throw new ArgumentException("The continuation token is not one this store issued.", nameof(token));
    }
}
