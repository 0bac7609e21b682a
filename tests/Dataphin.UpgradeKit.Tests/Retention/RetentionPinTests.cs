using Dataphin.UpgradeKit.Auditing;
using Dataphin.UpgradeKit.Commands;
using Dataphin.UpgradeKit.Operators;
using Dataphin.UpgradeKit.Queries;
using Dataphin.UpgradeKit.Retention;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Testing;
using Xunit;

namespace Dataphin.UpgradeKit.Tests.Retention;

/// <summary>Pins (R-RET-1): allowed in every status, each one an audit entry of the record, the record itself unchanged.</summary>
public sealed class RetentionPinTests
{
    private static readonly OperatorIdentity Alice = new("alice", "Alice");
    private static readonly OperatorIdentity Olga = new("olga", "Olga");

    [Fact]
    public Task Pin_ShowsOnTheListRowAndTheViewLogPanel_InMemoryStore_R_RET_1() =>
        Dataphin.UpgradeKit.Testing.HostTools.RetentionPinViewChecks.AssertPinShowsOnTheRowAndThePanelAsync(new Dataphin.UpgradeKit.Storage.InMemoryUpgradeStore());

    [Fact]
    public async Task PinAndUnpin_UnfinishedRecord_AreAuditedWithActorAndStatusAndLeaveTheRecordAsItWas_R_RET_1()
    {
        var clock = new FakeClock(Instant.FromUtc(2026, 12, 6, 8, 0));
        await using var provider = Provider(clock);
        var commands = provider.GetRequiredService<UpgradeCommands>();
        var queries = provider.GetRequiredService<UpgradeQueries>();
        var retention = provider.GetRequiredService<UpgradeRetention>();
        var record = await commands.CreateAsync(NewRequest(), Alice);

        clock.AdvanceMinutes(1);
        await retention.PinAsync(record.Id, Alice);
        var pinned = await retention.IsPinnedAsync(record.Id);
        clock.AdvanceMinutes(1);
        await retention.UnpinAsync(record.Id, Olga);

        Assert.True(pinned);
        Assert.False(await retention.IsPinnedAsync(record.Id));
        var trail = (await queries.GetAuditTrailAsync(record.Id)).Where(e => e.Operation is UpgradeOperation.Pin or UpgradeOperation.Unpin).ToList();
        Assert.Equal(
            [
                (UpgradeOperation.Pin, "alice", AuditOutcome.Accepted, (UpgradeStatus?)UpgradeStatus.Configuring, (UpgradeStatus?)UpgradeStatus.Configuring, record.CreatedAt + Duration.FromMinutes(1)),
                (UpgradeOperation.Unpin, "olga", AuditOutcome.Accepted, UpgradeStatus.Configuring, UpgradeStatus.Configuring, record.CreatedAt + Duration.FromMinutes(2)),
            ],
            trail.Select(e => (e.Operation, e.Actor, e.Outcome, e.StatusBefore, e.StatusAfter, e.At)));
        Assert.Equal(record, await queries.GetAsync(record.Id));
    }

    [Fact]
    public async Task Pin_UnknownRecord_ThrowsNotFoundAndAuditsNothing_R_RET_1()
    {
        var clock = new FakeClock(Instant.FromUtc(2026, 12, 6, 8, 0));
        await using var provider = Provider(clock);
        var retention = provider.GetRequiredService<UpgradeRetention>();
        var missing = UpgradeRecordId.New(clock.GetCurrentInstant());

        await Assert.ThrowsAsync<UpgradeRecordNotFoundException>(() => retention.PinAsync(missing, Alice));
        Assert.Empty(await provider.GetRequiredService<UpgradeQueries>().GetAuditTrailAsync(missing));
    }

    private static ServiceProvider Provider(IClock clock)
    {
        var services = new ServiceCollection().AddSingleton(clock);
        services.AddUpgradeKit().UseInMemory();
        return services.BuildServiceProvider();
    }

    private static NewUpgradeRequest NewRequest() => new()
    {
        TargetVersion = ProductVersion.Parse("V5.2.0"),
        InitialVersion = ProductVersion.Parse("V5.1.1"),
        Mode = UpgradeMode.Maintenance,
        DataServiceStudioMode = DataServiceStudioUpgradeMode.UpgradeTogether,
    };
}
