using Dataphin.UpgradeKit.Storage;
using Dataphin.UpgradeKit.Testing.Arbitraries;
using Dataphin.UpgradeKit.Testing.Checks;
using Dataphin.UpgradeKit.Testing.Model;
using Xunit;

namespace Dataphin.UpgradeKit.Samples.PropertyTests;

/// <summary>Our console offers View log for failed upgrades too, and closes the Stop window at the first fact.</summary>
public sealed class OurRulesTests
{
    private static readonly LifecycleRuleOptions OurRules = new()
    {
        ViewLogStatuses = [.. LifecycleRuleOptions.DefaultViewLogStatuses, UpgradeStatus.Failed],
        StopWindow = StopWindowReading.Strict,
    };

    private static readonly ModelRules Model = ModelRules.From(OurRules);

    [Fact]
    public void Model_SaysWhatWeChose()
    {
        var failed = ModelRecord.Created(UpgradeMode.Maintenance) with { Status = UpgradeStatus.Failed };
        var shuttingDown = failed with { Status = UpgradeStatus.Upgrading, ApplicationShutdownStarted = true };
        Assert.Contains(new ModelOffer(UpgradeAction.ViewLog, true, ActionReasonCode.None), ReferenceModel.Offers(failed, false, Model));
        Assert.Contains(new ModelOffer(UpgradeAction.Stop, false, ActionReasonCode.StopWindowClosed), ReferenceModel.Offers(shuttingDown, false, Model));
    }

    [Fact]
    public void Histories_UnderOurRules_AgreeWithTheModel() =>
        ModelChecks.CheckHistories(new InMemoryUpgradeStore(), 200, UpgradeKitArbitraries.Histories(OurRules));

    [Fact]
    public void Races_UnderOurRules_ExactlyOneOperatorWins() =>
        ModelChecks.CheckRaces(new InMemoryUpgradeStore(), 50, UpgradeKitArbitraries.Races(OurRules));
}
