using System.Data.Common;
using Dataphin.UpgradeKit.Storage;

namespace Dataphin.UpgradeKit.Relational;

/// <summary>
/// The records of a relational store with their configuration files, audit trails and idempotency keys: each change is
/// one transaction holding the record (compare-and-set on its version), its configuration, its audit entry, its outbox
/// notifications and its change row.
/// </summary>
internal sealed partial class RelationalRecords
{
    private readonly RelationalDatabase _db;
    private readonly RelationalDialect _dialect;
    private readonly RelationalStoreLog _log;
    private readonly RelationalChangeFeed _changeFeed;
    private readonly RelationalOutbox _outbox;

    /// <summary>The force-stop requests (R-GOV-2), written in the transaction of the record change that carries them.</summary>
    public RelationalForceStopRequests ForceStopRequests => field ??= new RelationalForceStopRequests(_db);

    public RelationalRecords(RelationalDatabase db, RelationalChangeFeed changes, RelationalOutbox outbox)
    {
        _db = db;
        _dialect = db.Dialect;
        _log = db.Log;
        _changeFeed = changes;
        _outbox = outbox;
    }

    private const string FindSql =
        $"SELECT {RecordRow.SelectColumns} FROM upgrade_records r LEFT JOIN upgrade_configurations c ON c.record_id = r.id WHERE r.id = @id";

    private const string ReadConfigurationSql = "SELECT file_name, saved_at, content FROM upgrade_configurations WHERE record_id = @id";

    private static readonly string UpdateRecordSql =
        $"UPDATE upgrade_records SET {string.Join(", ", RecordRow.WrittenColumns.Select(c => $"{c} = @{c}"))} " +
        "WHERE id = @id AND version = @expected_version";

    private string InsertRecordSql => field ??= _dialect.InsertUnlessExists("upgrade_records", "id, " + string.Join(", ", RecordRow.WrittenColumns),
        "@id, " + string.Join(", ", RecordRow.WrittenColumns.Select(c => "@" + c)), "id");

    public async ValueTask<UpgradeRecord?> FindAsync(UpgradeRecordId id, CancellationToken cancellationToken) =>
        await _db.ReadAsync("read an upgrade record", async connection =>
        {
            await using var command = Sql.Command(connection, null, FindSql, _db.Id("@id", id));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? RecordRow.Read(reader) : null;
        }, cancellationToken).ConfigureAwait(false);

    public async ValueTask<ConfigurationFile?> ReadConfigurationAsync(UpgradeRecordId recordId, CancellationToken cancellationToken) =>
        await _db.ReadAsync("read a configuration file", async connection =>
        {
            await using var command = Sql.Command(connection, null, ReadConfigurationSql, _db.Id("@id", recordId));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
                ? new ConfigurationFile(reader.GetString(0), reader.GetFieldValue<byte[]>(2), NodaTime.Instant.FromUnixTimeTicks(reader.GetInt64(1)))
                : null;
        }, cancellationToken).ConfigureAwait(false);

    public Task InsertAsync(UpgradeRecord record, RecordChange change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(change);
        return _db.WriteAsync("insert an upgrade record", async (connection, transaction) =>
        {
            // An id that exists is a conflict: the insert counts no row (R-REC-2).
            if (await WriteRecordAsync(connection, transaction, InsertRecordSql, record, null, cancellationToken).ConfigureAwait(false) == 0)
            {
                throw await ConflictAsync(connection, transaction, record.Id, 0, cancellationToken).ConfigureAwait(false);
            }

            await WriteConfigurationAsync(connection, transaction, record, change, cancellationToken).ConfigureAwait(false);
            await CommitChangeAsync(connection, transaction, change, cancellationToken).ConfigureAwait(false);
            await _changeFeed.AddChangeAsync(connection, transaction, RecordChangeKind.Created, record.Id, record.Version, 0, cancellationToken).ConfigureAwait(false);
            return true;
        }, ex => new ConcurrencyConflictException(record.Id, 0, null, ex), cancellationToken);
    }

    public Task UpdateAsync(UpgradeRecord record, long expectedVersion, RecordChange change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(change);
        return _db.WriteAsync("update an upgrade record", async (connection, transaction) =>
        {
            // Compare-and-set: the row changes only if nobody changed it since it was read at expectedVersion. The
            // dialect's write transaction makes a concurrent writer of the row wait (or abort and rerun), then
            // compare again, so exactly one of them matches.
            if (await WriteRecordAsync(connection, transaction, UpdateRecordSql, record, expectedVersion, cancellationToken).ConfigureAwait(false) == 0)
            {
                throw await ConflictAsync(connection, transaction, record.Id, expectedVersion, cancellationToken).ConfigureAwait(false);
            }

            // R-GOV-2: the change's force-stop request, compare-and-set from pending, in the same transaction.
            if (!await ForceStopRequests.ApplyAsync(connection, transaction, record.Id, change, cancellationToken).ConfigureAwait(false))
            {
                throw new ConcurrencyConflictException(record.Id, expectedVersion, null);
            }

            await WriteConfigurationAsync(connection, transaction, record, change, cancellationToken).ConfigureAwait(false);
            await CommitChangeAsync(connection, transaction, change, cancellationToken).ConfigureAwait(false);
            await _changeFeed.AddChangeAsync(connection, transaction, RecordChangeKind.Updated, record.Id, record.Version, 0, cancellationToken).ConfigureAwait(false);
            return true;
        }, ex => new ConcurrencyConflictException(record.Id, expectedVersion, null, ex), cancellationToken);
    }

    public Task DeleteAsync(UpgradeRecordId id, long expectedVersion, RecordChange change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        return _db.WriteAsync("remove an upgrade record", async (connection, transaction) =>
        {
            var deleted = await Sql.ExecuteAsync(connection, transaction, "DELETE FROM upgrade_records WHERE id = @id AND version = @expected_version",
                cancellationToken, _db.Id("@id", id), Sql.P("@expected_version", expectedVersion)).ConfigureAwait(false);
            if (deleted == 0)
            {
                throw await ConflictAsync(connection, transaction, id, expectedVersion, cancellationToken).ConfigureAwait(false);
            }

            // Explicit, so a schema without a cascading foreign key loses the configuration with its record too.
            await Sql.ExecuteAsync(connection, transaction, "DELETE FROM upgrade_configurations WHERE record_id = @id", cancellationToken,
                _db.Id("@id", id)).ConfigureAwait(false);
            await CommitChangeAsync(connection, transaction, change, cancellationToken).ConfigureAwait(false);
            await _changeFeed.AddChangeAsync(connection, transaction, RecordChangeKind.Removed, id, expectedVersion, 0, cancellationToken).ConfigureAwait(false);
            return true;
        }, ex => new ConcurrencyConflictException(id, expectedVersion, null, ex), cancellationToken);
    }

    public Task<UpgradeRecordPage> ListAsync(UpgradeRecordQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var cursor = query.Validate();
        Func<UpgradeRecordId, object> idValue = id => _dialect.Uuid(id.Value);
        if (_dialect.ListWalk is not { } walk)
        {
            var (singleSql, singleParameters) = ListSql.Build(query, cursor, idValue, ListForm.Single, 0, _dialect.ListConfigurationJoin);
            return _db.ReadAsync("list upgrade records", async connection =>
            {
                await using var command = Sql.Command(connection, null, singleSql, [.. singleParameters]);
                return ListSql.ToPage(await Sql.ReadAllAsync(command, RecordRow.Read, cancellationToken).ConfigureAwait(false), query.PageSize, query.Sort);
            }, cancellationToken);
        }

        var budget = ListSql.WalkBudget(query.PageSize, walk);
        return _db.ReadAsync("list upgrade records", async connection =>
        {
            // The walk first; when its bounded read of the order held neither a full page nor the end, the matches are
            // rare there and the sort form finds them by the filters' indexes (ListSql). Each statement alone is exact.
            // An operator's records are read from their own entries first when that is the cheaper read (ListSql.WalksFirst).
            List<UpgradeRecord> rows;
            if (await WalksFirstAsync(connection, query, budget, cancellationToken).ConfigureAwait(false))
            {
                var (walkSql, walkParameters) = ListSql.Build(query, cursor, idValue, ListForm.Walk, budget, _dialect.ListConfigurationJoin);
                List<(UpgradeRecord? Record, long Walked)> walked;
                await using (var command = Sql.Command(connection, null, walkSql, [.. walkParameters]))
                {
                    walked = await Sql.ReadAllAsync(command, ListSql.ReadWalked, cancellationToken).ConfigureAwait(false);
                }

                rows = [.. walked.Where(row => row.Record is not null).Select(row => row.Record!)];
                if (rows.Count > query.PageSize || walked[0].Walked < budget)
                {
                    return ListSql.ToPage(rows, query.PageSize, query.Sort);
                }
            }

            var (sortSql, sortParameters) = ListSql.Build(query, cursor, idValue, ListForm.Sort, budget, _dialect.ListConfigurationJoin);
            if (_dialect.ListSortSettings(query) is not { } settings)
            {
                await using var sort = Sql.Command(connection, null, sortSql, [.. sortParameters]);
                rows = await Sql.ReadAllAsync(sort, RecordRow.Read, cancellationToken).ConfigureAwait(false);
                return ListSql.ToPage(rows, query.PageSize, query.Sort);
            }

            // The settings last as long as this read-only transaction; the pooled connection goes back without them.
            await using (var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.ReadCommitted, cancellationToken).ConfigureAwait(false))
            {
                await Sql.ExecuteAsync(connection, transaction, "SET TRANSACTION READ ONLY; " + settings, cancellationToken).ConfigureAwait(false);
                await using var sort = Sql.Command(connection, transaction, sortSql, [.. sortParameters]);
                rows = await Sql.ReadAllAsync(sort, RecordRow.Read, cancellationToken).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }

            return ListSql.ToPage(rows, query.PageSize, query.Sort);
        }, cancellationToken);
    }

    private static async Task<bool> WalksFirstAsync(DbConnection connection, UpgradeRecordQuery query, int budget, CancellationToken cancellationToken)
    {
        if (ListSql.WalksFirst(query) is { } decided)
        {
            return decided;
        }

        var (sql, parameters) = ListSql.OperatorEntries(query.Operator!, budget);
        await using var command = Sql.Command(connection, null, sql, [.. parameters]);
        var entries = Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
        return entries >= ListSql.OperatorEntriesCap(budget);
    }

    private async Task<int> WriteRecordAsync(DbConnection connection, DbTransaction transaction, string sql, UpgradeRecord record,
        long? expectedVersion, CancellationToken cancellationToken)
    {
        await using var command = Sql.Command(connection, transaction, sql, _db.Id("@id", record.Id));
        Sql.AddColumns(command, RecordRow.WrittenColumns, RecordRow.Values(record));
        if (expectedVersion is { } expected)
        {
            Sql.Add(command, "@expected_version", expected);
        }

        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    // Only a change that saves a configuration writes its row; every other change leaves the bytes alone, and a record
    // that names no configuration has no row. The length is the record's (the plain file's), not the stored bytes',
    // which a protecting store may have sealed.
    private Task<int> WriteConfigurationAsync(DbConnection connection, DbTransaction transaction, UpgradeRecord record, RecordChange change,
        CancellationToken cancellationToken) =>
        (record.Configuration, change.Configuration) switch
        {
            (null, _) => Sql.ExecuteAsync(connection, transaction, "DELETE FROM upgrade_configurations WHERE record_id = @id", cancellationToken,
                _db.Id("@id", record.Id)),
            ({ } info, { } file) => Sql.ExecuteAsync(connection, transaction, _dialect.UpsertConfigurationSql, cancellationToken,
                _db.Id("@id", record.Id), Sql.P("@file_name", file.FileName),
                Sql.P("@saved_at", file.SavedAt.ToUnixTimeTicks()), Sql.P("@content", file.Content.ToArray()),
                Sql.P("@length", (object?)info.Length ?? DBNull.Value)),
            _ => Task.FromResult(0),
        };

    private async Task<ConcurrencyConflictException> ConflictAsync(DbConnection connection, DbTransaction transaction, UpgradeRecordId id,
        long expectedVersion, CancellationToken cancellationToken)
    {
        var found = await Sql.ScalarAsync(connection, transaction, "SELECT version FROM upgrade_records WHERE id = @id", cancellationToken, _db.Id("@id", id))
            .ConfigureAwait(false);
        var actual = found is long version ? version : (long?)null;
        _log.ConcurrencyConflict(id, expectedVersion, actual);
        return new ConcurrencyConflictException(id, expectedVersion, actual);
    }

    /// <summary>Writes the audit entry and the outbox notifications of a change, in its transaction (R-SM-7, R-HOST-1).</summary>
    private async Task CommitChangeAsync(DbConnection connection, DbTransaction transaction, RecordChange change, CancellationToken cancellationToken)
    {
        await InsertAuditAsync(connection, transaction, change.Audit, cancellationToken).ConfigureAwait(false);
        foreach (var notification in change.Notifications)
        {
            await _outbox.InsertNotificationAsync(connection, transaction, notification, cancellationToken).ConfigureAwait(false);
        }
    }
}
