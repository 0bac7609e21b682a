using Dataphin.UpgradeKit.Notifications;
using Dataphin.UpgradeKit.Storage.Shared;
using Microsoft.Data.Sqlite;

namespace Dataphin.UpgradeKit.Sqlite;

public sealed partial class SqliteUpgradeStore
{
    /// <inheritdoc />
    public Task<IReadOnlyList<UpgradeNotification>> ReadPendingAsync(int maxCount, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxCount);
        return ReadAsync<IReadOnlyList<UpgradeNotification>>("read pending notifications", async connection =>
        {
            using var command = Command(connection, null,
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
        WriteAsync("mark a notification delivered", async (connection, transaction) =>
            await ExecuteAsync(connection, transaction,
                "UPDATE notification_outbox SET delivered_at = @delivered_at WHERE id = @id AND delivered_at IS NULL", cancellationToken,
                P("@id", notificationId.ToString("N")),
                P("@delivered_at", _options.Clock.GetCurrentInstant().ToUnixTimeTicks())).ConfigureAwait(false),
            cancellationToken);

    private static Task<int> InsertNotificationAsync(SqliteConnection connection, SqliteTransaction transaction, UpgradeNotification notification,
        CancellationToken cancellationToken) =>
        ExecuteAsync(connection, transaction,
            "INSERT INTO notification_outbox (id, record_id, type, payload, occurred_at) VALUES (@id, @record_id, @type, @payload, @occurred_at)",
            cancellationToken,
            P("@id", notification.Id.ToString("N")),
            P("@record_id", Text(notification.RecordId)),
            P("@type", notification.GetType().Name),
            P("@payload", StorageJson.Write(notification)),
            P("@occurred_at", notification.OccurredAt.ToUnixTimeTicks()));
}
