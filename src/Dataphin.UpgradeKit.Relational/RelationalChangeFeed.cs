using System.Data.Common;
using Dataphin.UpgradeKit.Storage;

namespace Dataphin.UpgradeKit.Relational;

/// <summary>The change feed of a relational store: the rows watchers read, added in the transaction of each change.</summary>
internal sealed class RelationalChangeFeed
{
    private const string ReadChangesSql =
        "SELECT seq, record_id, kind, record_version, new_events FROM record_changes WHERE seq > @after ORDER BY seq LIMIT @max";

    private const string ReadRecordChangesSql =
        "SELECT seq, record_id, kind, record_version, new_events FROM record_changes WHERE record_id = @record_id AND seq > @after ORDER BY seq LIMIT @max";

    private readonly RelationalDatabase _db;
    private readonly NodaTime.IClock _clock;

    public RelationalChangeFeed(RelationalDatabase db, NodaTime.IClock clock)
    {
        _db = db;
        _clock = clock;
    }

    public Task<IReadOnlyList<RecordChangeEntry>> ReadChangesAsync(long afterPosition, int maxCount, UpgradeRecordId? recordId,
        CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(afterPosition);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxCount);
        return _db.ReadAsync<IReadOnlyList<RecordChangeEntry>>("read the change feed", async connection =>
        {
            await using var command = recordId is { } only
                ? Sql.Command(connection, null, ReadRecordChangesSql, _db.Id("@record_id", only), Sql.P("@after", afterPosition), Sql.P("@max", maxCount))
                : Sql.Command(connection, null, ReadChangesSql, Sql.P("@after", afterPosition), Sql.P("@max", maxCount));
            return await Sql.ReadAllAsync(command, static reader => new RecordChangeEntry(
                reader.GetInt64(0),
                new UpgradeRecordId(reader.GetGuid(1)),
                (RecordChangeKind)reader.GetInt32(2),
                reader.IsDBNull(3) ? null : reader.GetInt64(3),
                reader.GetInt32(4)), cancellationToken).ConfigureAwait(false);
        }, cancellationToken);
    }

    public Task<long> ReadLastPositionAsync(CancellationToken cancellationToken) =>
        _db.ReadAsync("read the change feed", async connection =>
        {
            var last = await Sql.ScalarAsync(connection, null, "SELECT coalesce(max(seq), 0) FROM record_changes", cancellationToken).ConfigureAwait(false);
            return Convert.ToInt64(last, System.Globalization.CultureInfo.InvariantCulture);
        }, cancellationToken);

    /// <summary>
    /// Adds one change of <paramref name="kind"/> per record, in the order given, in one statement per 500 rows (retention's
    /// removals: on PostgreSQL the feed's ordering lock is taken once, not once per record).
    /// </summary>
    public async Task AddChangesAsync(DbConnection connection, DbTransaction transaction, RecordChangeKind kind,
        IReadOnlyList<(UpgradeRecordId Id, long Version)> records, CancellationToken cancellationToken)
    {
        foreach (var chunk in records.Chunk(500))
        {
            var changedAt = _clock.GetCurrentInstant().ToUnixTimeTicks();
            if (_db.Dialect.InsertChangesStatement(chunk.Length) is not { } statement)
            {
                foreach (var (id, version) in chunk)
                {
                    await AddChangeAsync(connection, transaction, kind, id, version, 0, cancellationToken).ConfigureAwait(false);
                }

                continue;
            }

            await using var command = Sql.Command(connection, transaction, statement);
            for (var i = 0; i < chunk.Length; i++)
            {
                var suffix = i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                Sql.Add(command, "@record_id" + suffix, _db.Dialect.Uuid(chunk[i].Id.Value));
                Sql.Add(command, "@kind" + suffix, (int)kind);
                Sql.Add(command, "@record_version" + suffix, chunk[i].Version);
                Sql.Add(command, "@new_events" + suffix, 0);
                Sql.Add(command, "@changed_at" + suffix, changedAt);
            }

            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            _db.ChangeAdded(transaction);
        }
    }

    /// <summary>
    /// Adds the change to the feed as the last statement of its transaction (the dialect makes the position
    /// commit-ordered), unless it is a timeline append that stored nothing new.
    /// </summary>
    public async Task AddChangeAsync(DbConnection connection, DbTransaction transaction, RecordChangeKind kind, UpgradeRecordId recordId,
        long? recordVersion, int newEvents, CancellationToken cancellationToken)
    {
        if (kind == RecordChangeKind.TimelineAppended && newEvents == 0)
        {
            return;
        }

        await _db.Dialect.InsertChangeAsync(connection, transaction, _db.Dialect.Uuid(recordId.Value), (int)kind, recordVersion, newEvents,
                _clock.GetCurrentInstant().ToUnixTimeTicks(), cancellationToken)
            .ConfigureAwait(false);
        _db.ChangeAdded(transaction);
    }
}
