namespace Dataphin.UpgradeKit.Storage;

/// <summary>
/// A complete storage backend: what the SDK's feature types (<c>UpgradeCommands</c> and the others) need, from one implementation so that a
/// change, its audit entry and its notifications can share a transaction, and so that every committed change enters its change feed in that
/// transaction. The SDK ships
/// <see cref="InMemoryUpgradeStore"/> here and database stores in their own packages.
/// </summary>
public interface IUpgradeStore : IUpgradeRecordStore, IConfigurationContentStore, IAuditTrail, INotificationOutbox, Timeline.ITimelineEventStore, IUpgradeHistoryStore,
    INotificationDelivery, IRecordChangeFeed
{
}
