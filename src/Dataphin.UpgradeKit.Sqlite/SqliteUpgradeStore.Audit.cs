using Dataphin.UpgradeKit.Auditing;
using Dataphin.UpgradeKit.Storage.Shared;
using Microsoft.Data.Sqlite;

namespace Dataphin.UpgradeKit.Sqlite;

public sealed partial class SqliteUpgradeStore
{
    private static readonly string InsertAuditSql =
        $"INSERT INTO audit_entries (record_id, {string.Join(", ", AuditRow.WrittenColumns)}) " +
        $"VALUES (@record_id, {string.Join(", ", AuditRow.WrittenColumns.Select(c => "@" + c))})";

    /// <inheritdoc />
    public Task AppendAsync(AuditEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return WriteAsync("append an audit entry", async (connection, transaction) =>
        {
            await InsertAuditAsync(connection, transaction, entry, cancellationToken).ConfigureAwait(false);
            return true;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<AuditEntry>> ReadAsync(UpgradeRecordId recordId, CancellationToken cancellationToken = default) =>
        ReadAsync<IReadOnlyList<AuditEntry>>("read an audit trail", async connection =>
        {
            using var command = Command(connection, null, $"SELECT {AuditRow.SelectColumns} FROM audit_entries WHERE record_id = @record_id ORDER BY seq",
                P("@record_id", Text(recordId)));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var trail = new List<AuditEntry>();
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                trail.Add(AuditRow.Read(recordId, reader));
            }

            return trail;
        }, cancellationToken);

    private static async Task InsertAuditAsync(SqliteConnection connection, SqliteTransaction transaction, AuditEntry entry, CancellationToken cancellationToken)
    {
        using var command = Command(connection, transaction, InsertAuditSql, P("@record_id", Text(entry.RecordId)));
        var values = AuditRow.Values(entry);
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters.AddWithValue("@" + AuditRow.WrittenColumns[i], values[i]);
        }

        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
