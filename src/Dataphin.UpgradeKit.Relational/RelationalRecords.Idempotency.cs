using System.Data.Common;
using Dataphin.UpgradeKit.Storage;

namespace Dataphin.UpgradeKit.Relational;

internal sealed partial class RelationalRecords
{
    private const string FindByKeySql =
        $"SELECT {RecordRow.SelectColumns} FROM upgrade_records r LEFT JOIN upgrade_configurations c ON c.record_id = r.id WHERE r.idempotency_key = @idempotency_key";

    // No conflict target: the row is skipped when either its id or its idempotency key is taken, even by a transaction
    // another instance committed a moment ago (PostgreSQL waits for it; SQLite writers are serialised).
    private static readonly string InsertKeyedRecordSql =
        $"INSERT INTO upgrade_records (id, {string.Join(", ", RecordRow.WrittenColumns)}, idempotency_key) " +
        $"VALUES (@id, {string.Join(", ", RecordRow.WrittenColumns.Select(c => "@" + c))}, @idempotency_key) ON CONFLICT DO NOTHING";

    public Task<UpgradeRecord> InsertOrGetAsync(UpgradeRecord record, string idempotencyKey, RecordChange change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(idempotencyKey);
        ArgumentNullException.ThrowIfNull(change);
        return _db.WriteAsync("insert an upgrade record", async (connection, transaction) =>
        {
            await using (var insert = Sql.Command(connection, transaction, InsertKeyedRecordSql, _db.Id("@id", record.Id), Sql.P("@idempotency_key", idempotencyKey)))
            {
                Sql.AddColumns(insert, RecordRow.WrittenColumns, RecordRow.Values(record));
                if (await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
                {
                    // The key names a record already (R-STORE-3): nothing is written, the earlier record is the answer.
                    return await FindByKeyAsync(connection, transaction, idempotencyKey, cancellationToken).ConfigureAwait(false)
                        ?? throw await ConflictAsync(connection, transaction, record.Id, 0, cancellationToken).ConfigureAwait(false);
                }
            }

            await WriteConfigurationAsync(connection, transaction, record, change, cancellationToken).ConfigureAwait(false);
            await CommitChangeAsync(connection, transaction, change, cancellationToken).ConfigureAwait(false);
            await _changeFeed.AddChangeAsync(connection, transaction, RecordChangeKind.Created, record.Id, record.Version, 0, cancellationToken).ConfigureAwait(false);
            return record;
        }, ex => new ConcurrencyConflictException(record.Id, 0, null, ex), cancellationToken);
    }

    private static async Task<UpgradeRecord?> FindByKeyAsync(DbConnection connection, DbTransaction transaction, string idempotencyKey,
        CancellationToken cancellationToken)
    {
        await using var command = Sql.Command(connection, transaction, FindByKeySql, Sql.P("@idempotency_key", idempotencyKey));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? RecordRow.Read(reader) : null;
    }
}
