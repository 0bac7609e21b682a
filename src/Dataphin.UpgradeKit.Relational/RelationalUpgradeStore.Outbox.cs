using System.Data.Common;
using Dataphin.UpgradeKit.Notifications;

namespace Dataphin.UpgradeKit.Relational;

internal sealed partial class RelationalUpgradeStore
{
    private const string InsertNotificationSql =
        "INSERT INTO notification_outbox (id, record_id, type, payload, occurred_at) VALUES (@id, @record_id, @type, @payload, @occurred_at)";

    public Task<IReadOnlyList<UpgradeNotification>> ReadPendingAsync(int maxCount, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxCount);
        return ReadAsync<IReadOnlyList<UpgradeNotification>>("read pending notifications", async connection =>
        {
            await using var command = Sql.Command(connection, null,
                "SELECT payload FROM notification_outbox WHERE delivered_at IS NULL ORDER BY seq LIMIT @max_count", Sql.P("@max_count", maxCount));
            return await Sql.ReadAllAsync(command, reader => StorageJson.ReadNotification(reader.GetString(0)), cancellationToken).ConfigureAwait(false);
        }, cancellationToken);
    }

    private Task<int> InsertNotificationAsync(DbConnection connection, DbTransaction transaction, UpgradeNotification notification,
        CancellationToken cancellationToken) =>
        Sql.ExecuteAsync(connection, transaction, InsertNotificationSql, cancellationToken,
            Sql.P("@id", _dialect.Uuid(notification.Id)),
            Id("@record_id", notification.RecordId),
            Sql.P("@type", notification.GetType().Name),
            Sql.P("@payload", StorageJson.Write(notification)),
            Sql.P("@occurred_at", notification.OccurredAt.ToUnixTimeTicks()));
}
