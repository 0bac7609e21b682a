namespace Dataphin.UpgradeKit.Storage;

/// <summary>
/// A complete storage backend: what <see cref="Service.UpgradeRecordService"/> needs, from one implementation so that a
/// change, its audit entry and its notifications can share a transaction. The SDK ships
/// <see cref="InMemoryUpgradeStore"/> here and database stores in their own packages.
/// </summary>
public interface IUpgradeStore : IUpgradeRecordStore, IAuditTrail, INotificationOutbox, Timeline.ITimelineEventStore,
    INotificationDelivery
{
}
