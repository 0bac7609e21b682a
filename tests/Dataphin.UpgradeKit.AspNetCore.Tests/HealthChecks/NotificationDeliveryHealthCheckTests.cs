using Dataphin.UpgradeKit.AspNetCore.HealthChecks;
using Dataphin.UpgradeKit.Commands;
using Dataphin.UpgradeKit.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using NodaTime;
using NodaTime.Testing;
using Xunit;
using Dataphin.UpgradeKit.Testing.HostTools;

namespace Dataphin.UpgradeKit.AspNetCore.Tests.HealthChecks;

public sealed class NotificationDeliveryHealthCheckTests
{
    [Fact]
    public async Task CheckHealth_DeadLetterThenRedrive_IsDegradedThenHealthy_R_DLV_4()
    {
        var store = new InMemoryUpgradeStore();
        var clock = new FakeClock(Instant.FromUtc(2026, 12, 1, 0, 0));
        var handler = new SwitchableHandler { Failing = true };
        var service = new UpgradeKitFeatures(store, clock, notificationHandler: handler, options: new UpgradeKitOptions { Delivery = { MaxAttempts = 1 } });
        var check = new NotificationDeliveryHealthCheck(store);
        var me = new Dataphin.UpgradeKit.Operators.OperatorIdentity("alice");
        var record = await service.Commands.CreateAsync(new NewUpgradeRequest
        {
            TargetVersion = ProductVersion.Parse("5.0"), InitialVersion = ProductVersion.Parse("4.3"),
            Mode = UpgradeMode.Maintenance, DataServiceStudioMode = DataServiceStudioUpgradeMode.UpgradeTogether,
        }, me);
        await service.HostReports.StartAsync(record.Id);
        await service.Commands.StopAsync(record.Id, me, new Dataphin.UpgradeKit.Lifecycle.StopOptions(true));
        Assert.Equal(HealthStatus.Healthy, (await check.CheckHealthAsync(Context(check))).Status);

        Assert.Equal(0, await service.Delivery.DeliverPendingNotificationsAsync());
        var degraded = await check.CheckHealthAsync(Context(check));

        Assert.Equal(HealthStatus.Degraded, degraded.Status);
        Assert.Equal(1, degraded.Data["deadLetters"]);
        handler.Failing = false;
        Assert.Equal(1, await service.Delivery.RedriveAllDeadLettersAsync());
        Assert.Equal(HealthStatus.Healthy, (await check.CheckHealthAsync(Context(check))).Status);
        Assert.Equal(1, await service.Delivery.DeliverPendingNotificationsAsync());
        Assert.Equal(1, Assert.IsType<Dataphin.UpgradeKit.Notifications.UpgradeStoppedNotification>(Assert.Single(handler.Received)).Attempt);
    }

    private sealed class SwitchableHandler : Dataphin.UpgradeKit.Notifications.IUpgradeNotificationHandler
    {
        public bool Failing { get; set; }

        public List<Dataphin.UpgradeKit.Notifications.UpgradeNotification> Received { get; } = [];

        public Task HandleAsync(Dataphin.UpgradeKit.Notifications.UpgradeNotification notification, CancellationToken cancellationToken)
        {
            if (Failing)
            {
                throw new InvalidOperationException("The host is down (simulated).");
            }

            Received.Add(notification);
            return Task.CompletedTask;
        }
    }

    private static HealthCheckContext Context(IHealthCheck check) =>
        new() { Registration = new HealthCheckRegistration("upgradekit-delivery", check, HealthStatus.Unhealthy, null) };
}
