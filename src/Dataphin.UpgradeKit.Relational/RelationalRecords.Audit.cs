using System.Data.Common;
using Dataphin.UpgradeKit.Auditing;

namespace Dataphin.UpgradeKit.Relational;

internal sealed partial class RelationalRecords
{
    private static readonly string InsertAuditSql =
        $"INSERT INTO audit_entries (record_id, {string.Join(", ", AuditRow.WrittenColumns)}) " +
        $"VALUES (@record_id, {string.Join(", ", AuditRow.WrittenColumns.Select(c => "@" + c))})";

    private const string ReadAuditSql = $"SELECT {AuditRow.SelectColumns} FROM audit_entries WHERE record_id = @record_id ORDER BY seq";

    public Task AppendAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return _db.WriteAsync("append an audit entry", async (connection, transaction) =>
        {
            await InsertAuditAsync(connection, transaction, entry, cancellationToken).ConfigureAwait(false);
            return true;
        }, null, cancellationToken);
    }

    public Task<IReadOnlyList<AuditEntry>> ReadAsync(UpgradeRecordId recordId, CancellationToken cancellationToken) =>
        _db.ReadAsync<IReadOnlyList<AuditEntry>>("read an audit trail", async connection =>
        {
            await using var command = Sql.Command(connection, null, ReadAuditSql, _db.Id("@record_id", recordId));
            return await Sql.ReadAllAsync(command, reader => AuditRow.Read(recordId, reader), cancellationToken).ConfigureAwait(false);
        }, cancellationToken);

    private async Task InsertAuditAsync(DbConnection connection, DbTransaction transaction, AuditEntry entry, CancellationToken cancellationToken)
    {
        await using var command = Sql.Command(connection, transaction, InsertAuditSql, _db.Id("@record_id", entry.RecordId));
        Sql.AddColumns(command, AuditRow.WrittenColumns, AuditRow.Values(entry));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
