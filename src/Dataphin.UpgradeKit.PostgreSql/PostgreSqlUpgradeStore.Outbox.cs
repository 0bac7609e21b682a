using Dataphin.UpgradeKit.Notifications;
using Dataphin.UpgradeKit.Storage.Shared;
using Npgsql;

namespace Dataphin.UpgradeKit.PostgreSql;

public sealed partial class PostgreSqlUpgradeStore
{
    /// <inheritdoc />
    /// <remarks>
    /// Instances sharing the database may read the same pending notification and both deliver it: delivery is at
    /// least once, and handlers are idempotent by <see cref="UpgradeNotification.Id"/> (R-HOST-1).
    /// </remarks>
    public Task<IReadOnlyList<UpgradeNotification>> ReadPendingAsync(int maxCount, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxCount);
        return ReadAsync<IReadOnlyList<UpgradeNotification>>("read pending notifications", async connection =>
        {
            await using var command = Command(connection, null,
                "SELECT payload FROM notification_outbox WHERE delivered_at IS NULL ORDER BY seq LIMIT @max_count", P("@max_count", maxCount));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var pending = new List<UpgradeNotification>();
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                pending.Add(StorageJson.ReadNotification(reader.GetString(0)));
            }

            return pending;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task MarkDeliveredAsync(Guid notificationId, CancellationToken cancellationToken = default) =>
        RunAsync("mark a notification delivered", (connection, transaction) =>
            ExecuteAsync(connection, transaction,
                "UPDATE notification_outbox SET delivered_at = @delivered_at WHERE id = @id AND delivered_at IS NULL", cancellationToken,
                P("@id", notificationId), P("@delivered_at", _options.Clock.GetCurrentInstant().ToUnixTimeTicks())), null, cancellationToken);

    private static Task<int> InsertNotificationAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, UpgradeNotification notification,
        CancellationToken cancellationToken) =>
        ExecuteAsync(connection, transaction,
            "INSERT INTO notification_outbox (id, record_id, type, payload, occurred_at) VALUES (@id, @record_id, @type, @payload, @occurred_at)",
            cancellationToken,
            P("@id", notification.Id),
            P("@record_id", notification.RecordId.Value),
            P("@type", notification.GetType().Name),
            P("@payload", StorageJson.Write(notification)),
            P("@occurred_at", notification.OccurredAt.ToUnixTimeTicks()));
}
