using System.Data.Common;
using System.Globalization;
using Dataphin.UpgradeKit.Notifications;
using Dataphin.UpgradeKit.Storage;
using NodaTime;

namespace Dataphin.UpgradeKit.Relational;

// The outbox as a leased work queue (R-DLV-2…4, schema part 002_delivery.sql). Every statement names the lease token,
// so a dispatcher whose lease expired and was taken over changes nothing.
internal sealed class RelationalOutbox
{
    private readonly RelationalDatabase _db;
    private readonly RelationalDialect _dialect;

    public RelationalOutbox(RelationalDatabase db)
    {
        _db = db;
        _dialect = db.Dialect;
    }

    private const string InsertNotificationSql =
        "INSERT INTO notification_outbox (id, record_id, type, payload, occurred_at) VALUES (@id, @record_id, @type, @payload, @occurred_at)";

    public Task<IReadOnlyList<UpgradeNotification>> ReadPendingAsync(int maxCount, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxCount);
        return _db.ReadAsync<IReadOnlyList<UpgradeNotification>>("read pending notifications", async connection =>
        {
            await using var command = Sql.Command(connection, null,
                "SELECT payload FROM notification_outbox WHERE delivered_at IS NULL ORDER BY seq LIMIT @max_count", Sql.P("@max_count", maxCount));
            return await Sql.ReadAllAsync(command, reader => StorageJson.ReadNotification(reader.GetString(0)), cancellationToken).ConfigureAwait(false);
        }, cancellationToken);
    }

    /// <summary>Adds a notification to the outbox in the transaction of its change.</summary>
    public Task<int> InsertNotificationAsync(DbConnection connection, DbTransaction transaction, UpgradeNotification notification,
        CancellationToken cancellationToken) =>
        Sql.ExecuteAsync(connection, transaction, InsertNotificationSql, cancellationToken,
            Sql.P("@id", _dialect.Uuid(notification.Id)),
            _db.Id("@record_id", notification.RecordId),
            Sql.P("@type", notification.GetType().Name),
            Sql.P("@payload", StorageJson.Write(notification)),
            Sql.P("@occurred_at", notification.OccurredAt.ToUnixTimeTicks()));

    // The head of each record's undelivered notifications, when it is due and not leased (R-DLV-3). The dialect's lock
    // clause makes concurrent claimants skip rows another one is claiming (PostgreSQL FOR UPDATE SKIP LOCKED); SQLite's
    // write transaction already runs one claim at a time.
    private string ClaimSql => field ??=
        "UPDATE notification_outbox SET lease_token = @token, lease_until = @until, attempts = attempts + 1, " +
        "first_attempted_at = coalesce(first_attempted_at, @now) " +
        "WHERE seq IN (SELECT o.seq FROM notification_outbox o " +
        "WHERE o.delivered_at IS NULL AND o.dead_lettered_at IS NULL AND o.next_attempt_at <= @now " +
        "AND (o.lease_until IS NULL OR o.lease_until <= @now) " +
        "AND NOT EXISTS (SELECT 1 FROM notification_outbox p WHERE p.record_id = o.record_id AND p.seq < o.seq AND p.delivered_at IS NULL) " +
        "ORDER BY o.seq LIMIT @max_count " + _dialect.ClaimLockClause + ") " +
        "RETURNING seq, payload, attempts, first_attempted_at";

    // One statement for a whole batch (up to CompleteChunk ids): the sweep's throughput on PostgreSQL is bounded by
    // round trips; one per notification held it near 1,800/s (benchmarks/results/delivery.md).
    private const string CompleteSqlPrefix =
        "UPDATE notification_outbox SET delivered_at = @delivered_at, lease_token = NULL, lease_until = NULL " +
        "WHERE lease_token = @token AND delivered_at IS NULL AND id IN (";

    // Far below SQLite's 32,766 parameters; a full default batch (100) is one statement.
    private const int CompleteChunk = 1000;

    private const string RetryLaterSql =
        "UPDATE notification_outbox SET lease_token = NULL, lease_until = NULL, last_error = @error, next_attempt_at = @retry_at " +
        "WHERE id = @id AND lease_token = @token AND delivered_at IS NULL";

    private const string DeadLetterSql =
        "UPDATE notification_outbox SET lease_token = NULL, lease_until = NULL, last_error = @error, dead_lettered_at = @now " +
        "WHERE id = @id AND lease_token = @token AND delivered_at IS NULL";

    private const string DeadLettersWhere = "dead_lettered_at IS NOT NULL AND delivered_at IS NULL";

    private const string RedriveSql =
        "UPDATE notification_outbox SET attempts = 0, first_attempted_at = NULL, next_attempt_at = @now, dead_lettered_at = NULL, " +
        "lease_token = NULL, lease_until = NULL WHERE " + DeadLettersWhere;

    public Task<IReadOnlyList<ClaimedNotification>> ClaimAsync(Guid leaseToken, int maxCount, Instant now, Instant leaseUntil,
        CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxCount);
        return _db.WriteAsync<IReadOnlyList<ClaimedNotification>>("claim notifications", async (connection, transaction) =>
        {
            await using var command = Sql.Command(connection, transaction, ClaimSql,
                Sql.P("@token", _dialect.Uuid(leaseToken)), Sql.P("@until", leaseUntil.ToUnixTimeTicks()),
                Sql.P("@now", now.ToUnixTimeTicks()), Sql.P("@max_count", maxCount));
            var rows = await Sql.ReadAllAsync(command, reader => (
                Seq: reader.GetInt64(0),
                Claimed: new ClaimedNotification(
                    StorageJson.ReadNotification(reader.GetString(1)) with { Attempt = Convert.ToInt32(reader.GetValue(2), CultureInfo.InvariantCulture) },
                    Instant.FromUnixTimeTicks(reader.GetInt64(3)))), cancellationToken).ConfigureAwait(false);
            return [.. rows.OrderBy(r => r.Seq).Select(r => r.Claimed)];
        }, null, cancellationToken);
    }

    public Task<int> CompleteAsync(IReadOnlyCollection<Guid> notificationIds, Guid leaseToken, Instant deliveredAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notificationIds);
        if (notificationIds.Count == 0)
        {
            return Task.FromResult(0);
        }

        var ids = notificationIds.Distinct().ToList();
        return _db.WriteAsync("mark notifications delivered", async (connection, transaction) =>
        {
            var completed = 0;
            foreach (var chunk in ids.Chunk(CompleteChunk))
            {
                var names = string.Join(", ", chunk.Select((_, i) => "@id" + i.ToString(CultureInfo.InvariantCulture)));
                await using var command = Sql.Command(connection, transaction, CompleteSqlPrefix + names + ")",
                    Sql.P("@token", _dialect.Uuid(leaseToken)), Sql.P("@delivered_at", deliveredAt.ToUnixTimeTicks()));
                for (var i = 0; i < chunk.Length; i++)
                {
                    Sql.Add(command, "@id" + i.ToString(CultureInfo.InvariantCulture), _dialect.Uuid(chunk[i]));
                }

                completed += await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            return completed;
        }, null, cancellationToken);
    }

    public Task<bool> FailAsync(Guid notificationId, Guid leaseToken, string lastError, Instant? retryAt, Instant now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lastError);
        return _db.WriteAsync(retryAt is null ? "dead-letter a notification" : "schedule a notification's retry", async (connection, transaction) =>
        {
            var changed = await Sql.ExecuteAsync(connection, transaction, retryAt is null ? DeadLetterSql : RetryLaterSql, cancellationToken,
                Sql.P("@id", _dialect.Uuid(notificationId)), Sql.P("@token", _dialect.Uuid(leaseToken)),
                Sql.P("@error", BoundError(lastError)),
                retryAt is { } at ? Sql.P("@retry_at", at.ToUnixTimeTicks()) : Sql.P("@now", now.ToUnixTimeTicks())).ConfigureAwait(false);
            return changed == 1;
        }, null, cancellationToken);
    }

    public Task<IReadOnlyList<DeadLetter>> ReadDeadLettersAsync(int maxCount, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxCount);
        return _db.ReadAsync<IReadOnlyList<DeadLetter>>("read dead-lettered notifications", async connection =>
        {
            await using var command = Sql.Command(connection, null,
                $"SELECT payload, attempts, last_error, dead_lettered_at FROM notification_outbox WHERE {DeadLettersWhere} ORDER BY seq LIMIT @max_count",
                Sql.P("@max_count", maxCount));
            return await Sql.ReadAllAsync(command, reader => new DeadLetter(
                StorageJson.ReadNotification(reader.GetString(0)) with { Attempt = Convert.ToInt32(reader.GetValue(1), CultureInfo.InvariantCulture) },
                reader.IsDBNull(2) ? "" : reader.GetString(2),
                Instant.FromUnixTimeTicks(reader.GetInt64(3))), cancellationToken).ConfigureAwait(false);
        }, cancellationToken);
    }

    public Task<int> CountDeadLettersAsync(CancellationToken cancellationToken) =>
        _db.ReadAsync("count dead-lettered notifications", async connection =>
            Convert.ToInt32(await Sql.ScalarAsync(connection, null, $"SELECT count(*) FROM notification_outbox WHERE {DeadLettersWhere}",
                cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture), cancellationToken);

    public Task<int> RedriveAsync(Guid? notificationId, Instant now, CancellationToken cancellationToken) =>
        _db.WriteAsync("redrive dead-lettered notifications", (connection, transaction) => notificationId is { } id
            ? Sql.ExecuteAsync(connection, transaction, RedriveSql + " AND id = @id", cancellationToken,
                Sql.P("@now", now.ToUnixTimeTicks()), Sql.P("@id", _dialect.Uuid(id)))
            : Sql.ExecuteAsync(connection, transaction, RedriveSql, cancellationToken, Sql.P("@now", now.ToUnixTimeTicks())), null, cancellationToken);

    private static string BoundError(string error) =>
        error.Length <= DeadLetter.MaxErrorLength ? error : string.Concat(error.AsSpan(0, DeadLetter.MaxErrorLength - 1), "…");
}
