using Dataphin.UpgradeKit.Testing.Notifications;
using Dataphin.UpgradeKit.DependencyInjection;
using Dataphin.UpgradeKit.Lifecycle;
using Dataphin.UpgradeKit.Notifications;
using Dataphin.UpgradeKit.Operators;
using Dataphin.UpgradeKit.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NodaTime;
using NodaTime.Testing;
using Xunit;
using Dataphin.UpgradeKit.Testing.HostTools;

namespace Dataphin.UpgradeKit.Tests.DependencyInjection;

public partial class UpgradeKitServiceCollectionExtensionsTests
{
    [Fact]
    public void AddUpgradeKit_WithoutAStore_FailsAtStartUpSayingHowToChooseOne()
    {
        using var provider = new ServiceCollection().AddLogging().AddUpgradeKit().Services.BuildServiceProvider();

        var startup = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
        Assert.Contains("UseInMemory()", startup.Message, StringComparison.Ordinal);
        var resolve = Assert.Throws<InvalidOperationException>(() => UpgradeKitFeatures.From(provider));
        Assert.Contains("No upgrade store", resolve.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddUpgradeKit_InvalidOptions_ListsEveryProblemAtStartUp()
    {
        using var provider = new ServiceCollection()
            .AddUpgradeKit(o =>
            {
                o.ShortNodeThreshold = Duration.FromSeconds(-5);
                o.SystemChangeRetries = 1000;
            })
            .UseInMemory().Services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
        Assert.Contains("ShortNodeThreshold", ex.Message, StringComparison.Ordinal);
        Assert.Contains("SystemChangeRetries", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UseStore_Twice_IsRefused()
    {
        var builder = new ServiceCollection().AddUpgradeKit().UseInMemory();
        Assert.Throws<InvalidOperationException>(() => builder.UseInMemory());
    }

    [Fact]
    public async Task AddUpgradeKit_TakesClockQualificationAndHandlerFromTheContainer()
    {
        var clock = new FakeClock(ServiceHarness.T0);
        var handler = new RecordingNotificationHandler();
        var services = new ServiceCollection()
            .AddSingleton<IClock>(clock)
            .AddSingleton<IOperatorQualification>(new RoleOperatorQualification("sre"))
            .AddSingleton<IUpgradeNotificationHandler>(handler);
        services.AddUpgradeKit(o =>
        {
            o.QualifiedOperatorRole = "ignored-because-the-host-registered-its-own";
            o.Rules.ApprovalRequiredFor = []; // the qualification decides who force-stops alone (not the two-person rule)
        }).UseInMemory();
        await using var provider = services.BuildServiceProvider();
        provider.GetRequiredService<IStartupValidator>().Validate();
        var service = UpgradeKitFeatures.From(provider);

        var record = await service.Commands.CreateAsync(ServiceHarness.Request(), TestOperators.Ordinary);
        await service.HostReports.StartAsync(record.Id);
        var stopped = await service.Commands.ForceStopAsync(record.Id, new OperatorIdentity("sam", roles: ["sre"]), new ForceStopRequest(ForceStopResult.Succeeded, true) { Reason = OperatorReason.Parse("finished by hand") });

        Assert.Equal(ServiceHarness.T0, stopped.UpgradeEndedAt);
        await service.Delivery.DeliverPendingNotificationsAsync();
        Assert.Single(handler.Received);
        // Each feature type is one singleton: a second resolution gives the same instances.
        var again = UpgradeKitFeatures.From(provider);
        Assert.Same(service.Commands, again.Commands);
        Assert.Same(service.HostReports, again.HostReports);
        Assert.Same(service.Queries, again.Queries);
        Assert.Same(service.Watches, again.Watches);
        Assert.Same(service.Delivery, again.Delivery);
    }
}
