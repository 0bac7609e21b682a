using Dataphin.UpgradeKit.PostgreSql.Diagnostics;
using Dataphin.UpgradeKit.Storage;
using Dataphin.UpgradeKit.Storage.Shared;
using Npgsql;

namespace Dataphin.UpgradeKit.PostgreSql;

public sealed partial class PostgreSqlUpgradeStore
{
    private static readonly string InsertRecordSql =
        $"INSERT INTO upgrade_records (id, {string.Join(", ", RecordRow.WrittenColumns)}) " +
        $"VALUES (@id, {string.Join(", ", RecordRow.WrittenColumns.Select(c => "@" + c))}) ON CONFLICT (id) DO NOTHING";

    private static readonly string UpdateRecordSql =
        $"UPDATE upgrade_records SET {string.Join(", ", RecordRow.WrittenColumns.Select(c => $"{c} = @{c}"))} " +
        "WHERE id = @id AND version = @expected_version";

    private const string FindSql =
        $"SELECT {RecordRow.SelectColumns} FROM upgrade_records r LEFT JOIN upgrade_configurations c ON c.record_id = r.id WHERE r.id = @id";

    private const string UpsertConfigurationSql =
        "INSERT INTO upgrade_configurations (record_id, file_name, saved_at, content) VALUES (@id, @file_name, @saved_at, @content) " +
        "ON CONFLICT (record_id) DO UPDATE SET file_name = excluded.file_name, saved_at = excluded.saved_at, content = excluded.content " +
        "WHERE upgrade_configurations.file_name IS DISTINCT FROM excluded.file_name " +
        "OR upgrade_configurations.saved_at IS DISTINCT FROM excluded.saved_at " +
        "OR upgrade_configurations.content IS DISTINCT FROM excluded.content";

    /// <inheritdoc />
    public async ValueTask<UpgradeRecord?> FindAsync(UpgradeRecordId id, CancellationToken cancellationToken = default) =>
        await ReadAsync("read an upgrade record", async connection =>
        {
            await using var command = Command(connection, null, FindSql, P("@id", id.Value));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? RecordRow.Read(reader) : null;
        }, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public Task InsertAsync(UpgradeRecord record, RecordChange change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(change);
        return RunAsync("insert an upgrade record", async (connection, transaction) =>
        {
            if (await WriteRecordAsync(connection, transaction, InsertRecordSql, record, null, cancellationToken).ConfigureAwait(false) == 0)
            {
                throw await ConflictAsync(connection, transaction, record.Id, 0, cancellationToken).ConfigureAwait(false);
            }

            await WriteConfigurationAsync(connection, transaction, record, cancellationToken).ConfigureAwait(false);
            await CommitChangeAsync(connection, transaction, change, cancellationToken).ConfigureAwait(false);
            return true;
        }, ex => new ConcurrencyConflictException(record.Id, 0, null, ex), cancellationToken);
    }

    /// <inheritdoc />
    public Task UpdateAsync(UpgradeRecord record, long expectedVersion, RecordChange change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(change);
        return RunAsync("update an upgrade record", async (connection, transaction) =>
        {
            // Compare-and-set: under read committed a concurrent writer of the same row makes this one wait, then
            // re-check the version of the row it committed, so exactly one of them matches.
            if (await WriteRecordAsync(connection, transaction, UpdateRecordSql, record, expectedVersion, cancellationToken).ConfigureAwait(false) == 0)
            {
                throw await ConflictAsync(connection, transaction, record.Id, expectedVersion, cancellationToken).ConfigureAwait(false);
            }

            await WriteConfigurationAsync(connection, transaction, record, cancellationToken).ConfigureAwait(false);
            await CommitChangeAsync(connection, transaction, change, cancellationToken).ConfigureAwait(false);
            return true;
        }, ex => new ConcurrencyConflictException(record.Id, expectedVersion, null, ex), cancellationToken);
    }

    /// <inheritdoc />
    public Task DeleteAsync(UpgradeRecordId id, long expectedVersion, RecordChange change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        return RunAsync("remove an upgrade record", async (connection, transaction) =>
        {
            // The configuration row goes with the record (ON DELETE CASCADE).
            var deleted = await ExecuteAsync(connection, transaction, "DELETE FROM upgrade_records WHERE id = @id AND version = @expected_version",
                cancellationToken, P("@id", id.Value), P("@expected_version", expectedVersion)).ConfigureAwait(false);
            if (deleted == 0)
            {
                throw await ConflictAsync(connection, transaction, id, expectedVersion, cancellationToken).ConfigureAwait(false);
            }

            await CommitChangeAsync(connection, transaction, change, cancellationToken).ConfigureAwait(false);
            return true;
        }, ex => new ConcurrencyConflictException(id, expectedVersion, null, ex), cancellationToken);
    }

    /// <inheritdoc />
    public Task<UpgradeRecordPage> ListAsync(UpgradeRecordQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var cursor = query.Validate();
        var (sql, parameters) = ListSql.Build(query, cursor, id => id.Value);
        return ReadAsync("list upgrade records", async connection =>
        {
            await using var command = Command(connection, null, sql, [.. parameters]);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var rows = new List<UpgradeRecord>(query.PageSize + 1);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                rows.Add(RecordRow.Read(reader));
            }

            return ListSql.ToPage(rows, query.PageSize);
        }, cancellationToken);
    }

    private static async Task<int> WriteRecordAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, UpgradeRecord record,
        long? expectedVersion, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, sql, P("@id", record.Id.Value));
        var values = RecordRow.Values(record);
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters.AddWithValue("@" + RecordRow.WrittenColumns[i], values[i]);
        }

        if (expectedVersion is { } expected)
        {
            command.Parameters.AddWithValue("@expected_version", expected);
        }

        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static Task<int> WriteConfigurationAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, UpgradeRecord record,
        CancellationToken cancellationToken) =>
        record.Configuration is not { } configuration
            ? ExecuteAsync(connection, transaction, "DELETE FROM upgrade_configurations WHERE record_id = @id", cancellationToken, P("@id", record.Id.Value))
            : ExecuteAsync(connection, transaction, UpsertConfigurationSql, cancellationToken,
                P("@id", record.Id.Value), P("@file_name", configuration.FileName),
                P("@saved_at", configuration.SavedAt.ToUnixTimeTicks()), P("@content", configuration.Content.ToArray()));

    private async Task<ConcurrencyConflictException> ConflictAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, UpgradeRecordId id,
        long expectedVersion, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, "SELECT version FROM upgrade_records WHERE id = @id", P("@id", id.Value));
        var actual = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long version ? version : (long?)null;
        PostgreSqlLog.ConcurrencyConflict(_logger, _database, id, expectedVersion, actual);
        return new ConcurrencyConflictException(id, expectedVersion, actual);
    }

    /// <summary>Writes the audit entry and the outbox notifications of a change, in its transaction (R-SM-7, R-HOST-1).</summary>
    private static async Task CommitChangeAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, RecordChange change, CancellationToken cancellationToken)
    {
        await InsertAuditAsync(connection, transaction, change.Audit, cancellationToken).ConfigureAwait(false);
        foreach (var notification in change.Notifications)
        {
            await InsertNotificationAsync(connection, transaction, notification, cancellationToken).ConfigureAwait(false);
        }
    }
}
