using System.Text.Json;
using Dataphin.UpgradeKit.Insights;
using Dataphin.UpgradeKit.Queries;
using Dataphin.UpgradeKit.Storage;
using NodaTime;
using Xunit;
using static Dataphin.UpgradeKit.Tests.Timeline.TimelineTestData;

namespace Dataphin.UpgradeKit.Tests.Projections;

public partial class JsonSampleTests
{
    [Fact]
    public async Task Insights_SampleScenario_MatchesCommittedSample()
    {
        var scenario = ProjectionScenario.Create();
        await scenario.SucceededUpgradeAsync();
        var query = new InsightsQuery { Within = new Interval(At(0) - Duration.FromDays(1), At(0) + Duration.FromDays(30)), MaintenanceBudget = Duration.FromMinutes(30) };

        var insights = await new UpgradeHistory(scenario.Store).GetInsightsAsync(query, Berlin);

        var json = JsonSerializer.Serialize(insights, Indented);
        AssertSample("insights.json", json);
    }

    [Fact]
    public async Task Insights_DurationTexts_AreTheDurationsAsTheListShowsThem()
    {
        var scenario = ProjectionScenario.Create();
        await scenario.SucceededUpgradeAsync();

        var insights = await new UpgradeHistory(scenario.Store).GetInsightsAsync(new InsightsQuery(), Berlin);

        var upgrade = insights.Overall.UpgradeDuration!;
        var row = (await scenario.Service.Queries.ListRowsAsync(new UpgradeRecordQuery(), ProjectionScenario.Alice, Berlin)).Rows.Single();
        Assert.Equal(row.UpgradeDuration, upgrade.MedianText); // one record: every statistic is its duration
        Assert.Equal(row.UpgradeDuration, upgrade.MinimumText);
        Assert.Equal(row.UpgradeDuration, upgrade.Percentile90Text);
        Assert.Equal(row.UpgradeDuration, upgrade.MaximumText);
        Assert.Equal("-", insights.FromText); // every record: no start
    }
}
