using Dataphin.UpgradeKit.Auditing;
using Dataphin.UpgradeKit.Storage.Shared;
using Npgsql;

namespace Dataphin.UpgradeKit.PostgreSql;

public sealed partial class PostgreSqlUpgradeStore
{
    private static readonly string InsertAuditSql =
        $"INSERT INTO audit_entries (record_id, {string.Join(", ", AuditRow.WrittenColumns)}) " +
        $"VALUES (@record_id, {string.Join(", ", AuditRow.WrittenColumns.Select(c => "@" + c))})";

    /// <inheritdoc />
    public Task AppendAsync(AuditEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return RunAsync("append an audit entry", async (connection, transaction) =>
        {
            await InsertAuditAsync(connection, transaction, entry, cancellationToken).ConfigureAwait(false);
            return true;
        }, null, cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<AuditEntry>> ReadAsync(UpgradeRecordId recordId, CancellationToken cancellationToken = default) =>
        ReadAsync<IReadOnlyList<AuditEntry>>("read an audit trail", async connection =>
        {
            await using var command = Command(connection, null,
                $"SELECT {AuditRow.SelectColumns} FROM audit_entries WHERE record_id = @record_id ORDER BY seq", P("@record_id", recordId.Value));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var trail = new List<AuditEntry>();
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                trail.Add(AuditRow.Read(recordId, reader));
            }

            return trail;
        }, cancellationToken);

    private static async Task InsertAuditAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, AuditEntry entry, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, InsertAuditSql, P("@record_id", entry.RecordId.Value));
        var values = AuditRow.Values(entry);
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters.AddWithValue("@" + AuditRow.WrittenColumns[i], values[i]);
        }

        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
