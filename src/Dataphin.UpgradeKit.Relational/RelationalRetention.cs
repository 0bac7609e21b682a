using System.Data.Common;
using System.Globalization;
using Dataphin.UpgradeKit.Storage;
using NodaTime;

namespace Dataphin.UpgradeKit.Relational;

/// <summary>Retention on a relational database (R-RET-1): pins, the policy's choice in SQL, and removal in one transaction.</summary>
internal sealed class RelationalRetention(RelationalDatabase db, RelationalChangeFeed changes)
{
    private readonly RelationalDatabase _db = db;
    private readonly RelationalChangeFeed _changeFeed = changes;

    // Finished: the terminal statuses, by number.
    private static readonly string Finished = string.Join(",", Enum.GetValues<UpgradeStatus>().Where(s => s.IsTerminal()).Select(s => ((int)s).ToString(CultureInfo.InvariantCulture)));

    private static readonly string Succeeded = ((int)UpgradeStatus.Succeeded).ToString(CultureInfo.InvariantCulture);

    // What no policy removes, for the record r: unfinished, pinned, the first record, the latest succeeded record, a record
    // with a notification not yet delivered (pending or dead-lettered).
    private static readonly string Removable =
        $"r.status IN ({Finished}) AND NOT r.pinned"
        + " AND r.id > (SELECT f.id FROM upgrade_records f ORDER BY f.id LIMIT 1)"
        + $" AND NOT (r.status = {Succeeded} AND NOT EXISTS (SELECT 1 FROM upgrade_records s WHERE s.status = {Succeeded} AND s.id > r.id))"
        + " AND NOT EXISTS (SELECT 1 FROM notification_outbox n WHERE n.record_id = r.id AND n.delivered_at IS NULL)";

    private static readonly string SelectSql =
        "SELECT r.id, coalesce(r.upgrade_ended_at, r.created_at) FROM upgrade_records r WHERE " + Removable
        + " AND coalesce(r.upgrade_ended_at, r.created_at) < @before";

    // The newest finished records kept whatever their age: those at or after the keep-th newest finished id.
    private static readonly string KeepNewestSql =
        $" AND r.id < (SELECT k.id FROM upgrade_records k WHERE k.status IN ({Finished}) ORDER BY k.id DESC LIMIT 1 OFFSET @skip)";

    private static readonly string RemovableSql = "SELECT r.id, r.version FROM upgrade_records r WHERE " + Removable;

    // The most ids one statement names (PostgreSQL takes up to 65,535 parameters, SQLite 32,766): a batch of up to this
    // many records is one statement per table.
    private const int IdsPerStatement = 500;

    /// <summary>
    /// The tables whose rows of a record go with it (R-RET-1). Every table with a <c>record_id</c> column is here or in
    /// <see cref="KeptTables"/> (a schema test reads the tables and fails on one in neither).
    /// </summary>
    internal static readonly string[] RemovedTables =
        ["upgrade_configurations", "audit_entries", "timeline_events", "timeline_summaries", "notification_outbox", "record_changes",
            "upgrade_force_stop_requests", "stall_episodes"];

    /// <summary>
    /// The tables with a <c>record_id</c> whose rows stay after their record is removed: <c>estimate_comparables</c> holds
    /// only a finished upgrade's mode and durations (no content, no operator), which estimates keep learning from, as the
    /// in-memory store keeps them.
    /// </summary>
    internal static readonly string[] KeptTables = ["estimate_comparables"];

    private static readonly string InsertAuditSql =
        $"INSERT INTO audit_entries (record_id, {string.Join(", ", AuditRow.WrittenColumns)}) " +
        $"VALUES (@record_id, {string.Join(", ", AuditRow.WrittenColumns.Select(c => "@" + c))})";

    public Task<bool> SetPinnedAsync(UpgradeRecordId id, bool pinned, CancellationToken cancellationToken) =>
        _db.WriteAsync("pin an upgrade record", async (connection, transaction) =>
            await Sql.ExecuteAsync(connection, transaction, "UPDATE upgrade_records SET pinned = @pinned WHERE id = @id", cancellationToken,
                _db.Id("@id", id), Sql.P("@pinned", pinned)).ConfigureAwait(false) == 1,
            null, cancellationToken);

    public Task<bool> SetPinnedWithAuditAsync(bool pinned, Auditing.AuditEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return _db.WriteAsync("pin an upgrade record", async (connection, transaction) =>
        {
            // One transaction: a failed audit insert rolls the pin back, so neither is left without the other.
            if (await Sql.ExecuteAsync(connection, transaction, "UPDATE upgrade_records SET pinned = @pinned WHERE id = @id", cancellationToken,
                    _db.Id("@id", entry.RecordId), Sql.P("@pinned", pinned)).ConfigureAwait(false) != 1)
            {
                return false;
            }

            await using var command = Sql.Command(connection, transaction, InsertAuditSql, _db.Id("@record_id", entry.RecordId));
            Sql.AddColumns(command, AuditRow.WrittenColumns, AuditRow.Values(entry));
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }, null, cancellationToken);
    }

    public Task<bool> IsPinnedAsync(UpgradeRecordId id, CancellationToken cancellationToken) =>
        _db.ReadAsync("read an upgrade record's pin", async connection =>
            await Sql.ScalarAsync(connection, null, "SELECT 1 FROM upgrade_records WHERE id = @id AND pinned", cancellationToken, _db.Id("@id", id))
                .ConfigureAwait(false) is not (null or DBNull),
            cancellationToken);

    public Task<IReadOnlyList<RetentionCandidate>> SelectRemovableAsync(RetentionSelection selection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(selection);
        ArgumentOutOfRangeException.ThrowIfNegative(selection.KeepNewest);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(selection.MaxCount);
        var sql = SelectSql + (selection.KeepNewest > 0 ? KeepNewestSql : "") + " ORDER BY r.id LIMIT @max";
        return _db.ReadAsync<IReadOnlyList<RetentionCandidate>>("select records retention may remove", async connection =>
        {
            await using var command = Sql.Command(connection, null, sql,
                Sql.P("@before", selection.FinishedBefore.ToUnixTimeTicks()), Sql.P("@max", selection.MaxCount));
            if (selection.KeepNewest > 0)
            {
                Sql.Add(command, "@skip", selection.KeepNewest - 1);
            }

            return await Sql.ReadAllAsync(command, static reader => new RetentionCandidate
            {
                Id = new UpgradeRecordId(reader.GetGuid(0)),
                FinishedAt = Instant.FromUnixTimeTicks(reader.GetInt64(1)),
            }, cancellationToken).ConfigureAwait(false);
        }, cancellationToken);
    }

    public Task<IReadOnlyList<UpgradeRecordId>> RemoveAsync(IReadOnlyCollection<UpgradeRecordId> ids, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var distinct = ids.Distinct().ToList();
        return _db.WriteAsync<IReadOnlyList<UpgradeRecordId>>("remove upgrade records by retention", async (connection, transaction) =>
        {
            var removed = new Dictionary<UpgradeRecordId, long>();
            foreach (var chunk in distinct.Chunk(IdsPerStatement))
            {
                // Checked again inside the transaction, for the whole chunk in one statement: a record pinned, or given a
                // notification, since it was selected stays. On PostgreSQL the rows are locked as they are checked (a pin
                // committed first is seen by the re-check, one that comes later waits and finds the record gone) and a row
                // another transaction holds right now is skipped: it stays, and the next run looks at it again.
                var (list, parameters) = IdList(chunk, "@r");
                await using var check = Sql.Command(connection, transaction, $"{RemovableSql} AND r.id IN ({list}) {_db.Dialect.ClaimLockClause}", parameters);
                var removable = await Sql.ReadAllAsync(check, static reader => (Id: new UpgradeRecordId(reader.GetGuid(0)), Version: reader.GetInt64(1)),
                    cancellationToken).ConfigureAwait(false);
                if (removable.Count == 0)
                {
                    continue;
                }

                await RemoveRowsAsync(connection, transaction, [.. removable.Select(r => r.Id)], cancellationToken).ConfigureAwait(false);
                foreach (var (id, version) in removable)
                {
                    removed[id] = version;
                }
            }

            // The removals' changes last, in the order of the ids given: on PostgreSQL a change takes the feed's ordering
            // lock until the commit, and every other writer (a Stop, a progress report) waits for it; taken after the
            // batch's deletes, it is held for these inserts only, not for the whole batch (the retention benchmark's Stop
            // p99 was 22–28× without a run).
            // One statement for the batch's changes (one lock, one notification), not one per record.
            var order = distinct.Where(removed.ContainsKey).ToList();
            await _changeFeed.AddChangesAsync(connection, transaction, RecordChangeKind.Removed, [.. order.Select(id => (id, removed[id]))], cancellationToken)
                .ConfigureAwait(false);
            return order;
        }, null, cancellationToken);
    }

    /// <summary>
    /// The candidates still in the store with everything retention archives, in four statements per chunk of ids (records
    /// with their configuration's name, configuration bytes, audit entries, timeline events) instead of four per record.
    /// </summary>
    public Task<IReadOnlyList<Retention.ArchivedRecord>> ReadForArchiveAsync(IReadOnlyList<RetentionCandidate> candidates, bool configurations,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        return _db.ReadAsync<IReadOnlyList<Retention.ArchivedRecord>>("read the records retention archives", async connection =>
        {
            var records = new Dictionary<UpgradeRecordId, UpgradeRecord>();
            var contents = new Dictionary<UpgradeRecordId, byte[]>();
            var audit = new Dictionary<UpgradeRecordId, List<Auditing.AuditEntry>>();
            var events = new Dictionary<UpgradeRecordId, List<Timeline.TimelineEvent>>();
            foreach (var chunk in candidates.Select(c => c.Id).Distinct().Chunk(IdsPerStatement))
            {
                var (list, parameters) = IdList(chunk, "@r");
                await using (var command = Sql.Command(connection, null,
                    $"SELECT {RecordRow.SelectColumns} FROM upgrade_records r LEFT JOIN upgrade_configurations c ON c.record_id = r.id WHERE r.id IN ({list})", parameters))
                {
                    foreach (var record in await Sql.ReadAllAsync(command, RecordRow.Read, cancellationToken).ConfigureAwait(false))
                    {
                        records[record.Id] = record;
                    }
                }

                if (configurations)
                {
                    await using var command = Sql.Command(connection, null,
                        $"SELECT record_id, content FROM upgrade_configurations WHERE record_id IN ({list})", parameters);
                    foreach (var (id, content) in await Sql.ReadAllAsync(command, static reader => (Id: new UpgradeRecordId(reader.GetGuid(0)),
                        Content: reader.GetFieldValue<byte[]>(1)), cancellationToken).ConfigureAwait(false))
                    {
                        contents[id] = content;
                    }
                }

                await using (var command = Sql.Command(connection, null,
                    $"SELECT {AuditRow.SelectColumns}, record_id FROM audit_entries WHERE record_id IN ({list}) ORDER BY seq", parameters))
                {
                    var ordinal = AuditRow.SelectColumns.Split(',').Length;
                    foreach (var entry in await Sql.ReadAllAsync(command, reader => AuditRow.Read(new UpgradeRecordId(reader.GetGuid(ordinal)), reader),
                        cancellationToken).ConfigureAwait(false))
                    {
                        (audit.TryGetValue(entry.RecordId, out var trail) ? trail : audit[entry.RecordId] = []).Add(entry);
                    }
                }

                await using (var command = Sql.Command(connection, null,
                    $"SELECT {EventRow.SelectColumns}, record_id FROM timeline_events WHERE record_id IN ({list}) ORDER BY seq", parameters))
                {
                    var ordinal = EventRow.SelectColumns.Split(',').Length;
                    foreach (var (id, timelineEvent) in await Sql.ReadAllAsync(command, reader => (Id: new UpgradeRecordId(reader.GetGuid(ordinal)), Event: EventRow.Read(reader)),
                        cancellationToken).ConfigureAwait(false))
                    {
                        (events.TryGetValue(id, out var timeline) ? timeline : events[id] = []).Add(timelineEvent);
                    }
                }
            }

            return [.. candidates.Where(c => records.ContainsKey(c.Id)).DistinctBy(c => c.Id).Select(c => new Retention.ArchivedRecord
            {
                Record = records[c.Id],
                FinishedAt = c.FinishedAt,
                ConfigurationContent = records[c.Id].Configuration is not null && contents.TryGetValue(c.Id, out var content) ? content : null,
                AuditEntries = audit.TryGetValue(c.Id, out var trail) ? trail : [],
                TimelineEvents = events.TryGetValue(c.Id, out var timeline) ? timeline : [],
            })];
        }, cancellationToken);
    }

    /// <summary>Those of <paramref name="ids"/> that are pinned, one statement per chunk of ids (a page of the list is one).</summary>
    public Task<IReadOnlySet<UpgradeRecordId>> ReadPinnedAsync(IReadOnlyCollection<UpgradeRecordId> ids, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ids);
        if (ids.Count == 0)
        {
            return Task.FromResult<IReadOnlySet<UpgradeRecordId>>(new HashSet<UpgradeRecordId>());
        }

        return _db.ReadAsync<IReadOnlySet<UpgradeRecordId>>("read upgrade records' pins", async connection =>
        {
            var pinned = new HashSet<UpgradeRecordId>();
            foreach (var chunk in ids.Distinct().Chunk(IdsPerStatement))
            {
                var (list, parameters) = IdList(chunk, "@r");
                await using var command = Sql.Command(connection, null, $"SELECT id FROM upgrade_records WHERE pinned AND id IN ({list})", parameters);
                pinned.UnionWith(await Sql.ReadAllAsync(command, static reader => new UpgradeRecordId(reader.GetGuid(0)), cancellationToken).ConfigureAwait(false));
            }

            return pinned;
        }, cancellationToken);
    }

    /// <summary>Those of <paramref name="ids"/> the store holds, one statement per chunk of ids.</summary>
    public Task<IReadOnlyCollection<UpgradeRecordId>> FindExistingAsync(IReadOnlyCollection<UpgradeRecordId> ids, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ids);
        return _db.ReadAsync<IReadOnlyCollection<UpgradeRecordId>>("find upgrade records", async connection =>
        {
            var found = new HashSet<UpgradeRecordId>();
            foreach (var chunk in ids.Distinct().Chunk(IdsPerStatement))
            {
                var (list, parameters) = IdList(chunk, "@r");
                await using var command = Sql.Command(connection, null, $"SELECT id FROM upgrade_records WHERE id IN ({list})", parameters);
                found.UnionWith(await Sql.ReadAllAsync(command, static reader => new UpgradeRecordId(reader.GetGuid(0)), cancellationToken).ConfigureAwait(false));
            }

            return found;
        }, cancellationToken);
    }

    /// <summary>
    /// Trims the change feed's oldest rows written before <paramref name="before"/> (rows written before schema 3 have no
    /// time and count as older), at most <paramref name="maxCount"/>, in one transaction: a prefix of the feed, never its
    /// newest row, walked in position order from the start (the primary key) and stopped at the first row inside the period.
    /// </summary>
    public Task<int> TrimChangesAsync(Instant before, int maxCount, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxCount);
        return _db.WriteAsync("trim the change feed", async (connection, transaction) =>
        {
            var newest = await Sql.ScalarAsync(connection, transaction, "SELECT max(seq) FROM record_changes", cancellationToken).ConfigureAwait(false);
            if (newest is null or DBNull)
            {
                return 0;
            }

            await using var command = Sql.Command(connection, transaction,
                "SELECT seq, changed_at FROM record_changes WHERE seq < @newest ORDER BY seq LIMIT @max",
                Sql.P("@newest", Convert.ToInt64(newest, CultureInfo.InvariantCulture)), Sql.P("@max", maxCount));
            var rows = await Sql.ReadAllAsync(command, static reader => (Seq: reader.GetInt64(0), At: reader.IsDBNull(1) ? (long?)null : reader.GetInt64(1)),
                cancellationToken).ConfigureAwait(false);
            var old = rows.TakeWhile(r => r.At is not { } at || at < before.ToUnixTimeTicks()).ToList();
            if (old.Count == 0)
            {
                return 0;
            }

            return await Sql.ExecuteAsync(connection, transaction, "DELETE FROM record_changes WHERE seq <= @bound", cancellationToken,
                Sql.P("@bound", old[^1].Seq)).ConfigureAwait(false);
        }, null, cancellationToken);
    }

    public Task<bool> TryAcquireRunLeaseAsync(Guid holder, Instant now, Instant until, CancellationToken cancellationToken) =>
        _db.WriteAsync("take the retention lease", async (connection, transaction) =>
            await Sql.ExecuteAsync(connection, transaction,
                "UPDATE retention_lease SET holder = @holder, until = @until WHERE id = 1 AND (holder IS NULL OR holder = @holder OR until < @now)",
                cancellationToken, Sql.P("@holder", holder.ToString("N", CultureInfo.InvariantCulture)), Sql.P("@until", until.ToUnixTimeTicks()),
                Sql.P("@now", now.ToUnixTimeTicks())).ConfigureAwait(false) == 1,
            null, cancellationToken);

    public Task ReleaseRunLeaseAsync(Guid holder, CancellationToken cancellationToken) =>
        _db.WriteAsync("give the retention lease back", async (connection, transaction) =>
            await Sql.ExecuteAsync(connection, transaction, "UPDATE retention_lease SET holder = NULL, until = 0 WHERE id = 1 AND holder = @holder",
                cancellationToken, Sql.P("@holder", holder.ToString("N", CultureInfo.InvariantCulture))).ConfigureAwait(false),
            null, cancellationToken);

    /// <summary>Removes <paramref name="ids"/>' rows: one statement per table for the whole chunk.</summary>
    private async Task RemoveRowsAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<UpgradeRecordId> ids, CancellationToken cancellationToken)
    {
        var (list, parameters) = IdList(ids, "@d");
        foreach (var table in RemovedTables)
        {
            await Sql.ExecuteAsync(connection, transaction, $"DELETE FROM {table} WHERE record_id IN ({list})", cancellationToken, parameters).ConfigureAwait(false);
        }

        await Sql.ExecuteAsync(connection, transaction, $"DELETE FROM upgrade_records WHERE id IN ({list})", cancellationToken, parameters).ConfigureAwait(false);
    }

    /// <summary>A parameter list for <c>IN (…)</c>: <paramref name="prefix"/>0, <paramref name="prefix"/>1, … with the ids in the dialect's form.</summary>
    private (string List, KeyValuePair<string, object>[] Parameters) IdList(IReadOnlyList<UpgradeRecordId> ids, string prefix)
    {
        var names = new System.Text.StringBuilder(ids.Count * 6);
        var parameters = new KeyValuePair<string, object>[ids.Count];
        for (var i = 0; i < ids.Count; i++)
        {
            var name = prefix + i.ToString(CultureInfo.InvariantCulture);
            names.Append(i == 0 ? "" : ", ").Append(name);
            parameters[i] = _db.Id(name, ids[i]);
        }

        return (names.ToString(), parameters);
    }
}
