using Dataphin.UpgradeKit.Storage;
using Dataphin.UpgradeKit.Testing.HostTools.Delivery;

namespace Dataphin.UpgradeKit.Tests.Delivery;

/// <summary>The hosted dispatcher's scenarios (R-DLV-1…4, issue 11 item 8) on <see cref="InMemoryUpgradeStore"/>.</summary>
public sealed class InMemoryNotificationDispatcherTests : NotificationDispatcherScenarios
{
    protected override Task<IUpgradeStore> CreateStoreAsync() => Task.FromResult<IUpgradeStore>(new InMemoryUpgradeStore());
}
