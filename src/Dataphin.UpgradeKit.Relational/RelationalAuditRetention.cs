using System.Globalization;
using Dataphin.UpgradeKit.Storage;
using NodaTime;

namespace Dataphin.UpgradeKit.Relational;

/// <summary>
/// Retention's audit-entry period on a relational database (R-RET-1): old entries chosen in the order of their
/// sequence (the primary key, which neither database reuses) and removed by it, in one transaction.
/// </summary>
internal sealed class RelationalAuditRetention(RelationalDatabase db)
{
    private readonly RelationalDatabase _db = db;

    private static readonly string Unfinished = string.Join(",",
        Enum.GetValues<UpgradeStatus>().Where(s => !s.IsTerminal()).Select(s => ((int)s).ToString(CultureInfo.InvariantCulture)));

    // The entries that stay whatever their age, for the entry table named `table`: those of a record that is not
    // finished, is pinned, or has a notification not yet delivered. An entry whose record is gone goes by its age.
    private static string MayGo(string table) =>
        $"NOT EXISTS (SELECT 1 FROM upgrade_records r WHERE r.id = {table}.record_id AND (r.pinned OR r.status IN ({Unfinished})))"
        + $" AND NOT EXISTS (SELECT 1 FROM notification_outbox n WHERE n.record_id = {table}.record_id AND n.delivered_at IS NULL)";

    private static readonly string SelectSql =
        $"SELECT {AuditRow.SelectColumns}, a.seq, a.record_id FROM audit_entries a WHERE a.seq > @after AND a.at < @before AND {MayGo("a")} "
        + "ORDER BY a.seq LIMIT @max";

    private static readonly string DeleteSql =
        $"DELETE FROM audit_entries WHERE seq = @seq AND at < @before AND {MayGo("audit_entries")}";

    public Task<IReadOnlyList<StoredAuditEntry>> SelectExpiredAsync(AuditEntrySelection selection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(selection);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(selection.MaxCount);
        var after = selection.After is { } text && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seq) ? seq : 0L;
        return _db.ReadAsync<IReadOnlyList<StoredAuditEntry>>("select audit entries retention may remove", async connection =>
        {
            await using var command = Sql.Command(connection, null, SelectSql,
                Sql.P("@after", after), Sql.P("@before", selection.Before.ToUnixTimeTicks()), Sql.P("@max", selection.MaxCount));
            return await Sql.ReadAllAsync(command, static reader => new StoredAuditEntry
            {
                Id = reader.GetInt64(13).ToString(CultureInfo.InvariantCulture),
                Entry = AuditRow.Read(new UpgradeRecordId(reader.GetGuid(14)), reader),
            }, cancellationToken).ConfigureAwait(false);
        }, cancellationToken);
    }

    public Task<IReadOnlyList<string>> RemoveAsync(IReadOnlyCollection<string> ids, Instant before, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ids);
        return _db.WriteAsync<IReadOnlyList<string>>("remove audit entries by retention", async (connection, transaction) =>
        {
            var stayed = new List<string>();
            foreach (var id in ids.Distinct(StringComparer.Ordinal))
            {
                if (!long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var seq))
                {
                    continue; // not an id of this store: no entry of it is held
                }

                // Checked again inside the transaction: an entry of a record pinned (or started again) since it was chosen stays.
                if (await Sql.ExecuteAsync(connection, transaction, DeleteSql, cancellationToken,
                        Sql.P("@seq", seq), Sql.P("@before", before.ToUnixTimeTicks())).ConfigureAwait(false) == 0
                    && await Sql.ScalarAsync(connection, transaction, "SELECT 1 FROM audit_entries WHERE seq = @seq", cancellationToken, Sql.P("@seq", seq))
                        .ConfigureAwait(false) is not (null or DBNull))
                {
                    stayed.Add(id);
                }
            }

            return stayed;
        }, null, cancellationToken);
    }
}
