using System.Globalization;
using Dataphin.UpgradeKit.Commands;
using Dataphin.UpgradeKit.DependencyInjection;
using Dataphin.UpgradeKit.Display;
using Dataphin.UpgradeKit.Lifecycle;
using Dataphin.UpgradeKit.Notifications;
using Dataphin.UpgradeKit.Testing.Notifications;
using Xunit;

namespace Dataphin.UpgradeKit.Testing.Storage;

public abstract partial class UpgradeStoreContract
{
    /// <summary>
    /// An operator's reason and the declaration a force-stop's engineer accepted come back from the audit trail and the
    /// outbox exactly as given: Chinese, quotes and markup included, stored as text.
    /// </summary>
    [StoreFact]
    public async Task Audit_ReasonAndDeclaration_RoundTripExactly()
    {
        var store = await NewStoreAsync();
        var clock = new NodaTime.Testing.FakeClock(T0, NodaTime.Duration.FromSeconds(1));
        var handler = new RecordingNotificationHandler();
        // The force-stop's own reason and declaration, one engineer alone (the two-person rule has its own contract, R-GOV-2).
        var service = new UpgradeKitFeatures(store, clock, notificationHandler: handler, options: new UpgradeKitOptions { Rules = { ApprovalRequiredFor = [] } });
        var olga = new Operators.OperatorIdentity("olga", "Olga", [UpgradeKitOptions.DefaultQualifiedOperatorRole]);
        var record = await service.Commands.CreateAsync(new NewUpgradeRequest { TargetVersion = ProductVersion.Parse("5.0"), InitialVersion = ProductVersion.Parse("4.3"), Mode = UpgradeMode.Maintenance, DataServiceStudioMode = DataServiceStudioUpgradeMode.UpgradeTogether }, olga);
        await service.HostReports.StartAsync(record.Id);
        var reason = OperatorReason.Parse("已手动回滚 <script>alert(\"x\")</script> & '1'");
        var declaration = UpgradeKitTexts.Default.ForceStopDeclaration(CultureInfo.GetCultureInfo("zh-CN"));

        await service.Commands.ForceStopAsync(record.Id, olga, new ForceStopRequest(ForceStopResult.Failed, true) { Reason = reason, Declaration = declaration });

        var entry = (await store.ReadAsync(record.Id))[^1];
        Assert.Equal(reason.Text, entry.OperatorReason);
        Assert.Equal(declaration, entry.Declaration);
        var created = (await store.ReadAsync(record.Id))[0];
        Assert.Null(created.OperatorReason);
        Assert.Null(created.Declaration);
        Assert.Equal(1, await service.Delivery.DeliverPendingNotificationsAsync());
        Assert.Equal(reason.Text, Assert.IsType<UpgradeForceStoppedNotification>(Assert.Single(handler.Received)).OperatorReason);
    }
}
