using System.Globalization;
using System.Text.Json;
using Dataphin.UpgradeKit.Display;
using Dataphin.UpgradeKit.Governance;
using Dataphin.UpgradeKit.Lifecycle;
using Dataphin.UpgradeKit.Operators;
using Dataphin.UpgradeKit.Projections;
using Dataphin.UpgradeKit.Storage;
using NodaTime;
using Xunit;
using static Dataphin.UpgradeKit.Tests.Timeline.TimelineTestData;

namespace Dataphin.UpgradeKit.Tests.Projections;

// R-GOV-2: a record awaiting a second engineer's approval shows the request on its row and its View log.
public partial class JsonSampleTests
{
    private static readonly OperatorIdentity Olga = new("olga", "Olga", [RoleOperatorQualification.DefaultRole]);
    private static readonly OperatorIdentity Oscar = new("oscar", "Oscar", [RoleOperatorQualification.DefaultRole]);

    // Request ids are time-ordered GUIDs with random bits: the sample names a fixed one.
    private static readonly Guid SampleRequestId = Guid.Parse("0195e0a1-b2c3-7d4e-8f9a-0b1c2d3e4f51");

    // View log is offered while upgrading too, as a host may choose, so that the panel of a running upgrade can be asked for.
    private static async Task<(ProjectionScenario Scenario, UpgradeRecordId Id)> AwaitingApprovalAsync()
    {
        var scenario = ProjectionScenario.Create(new UpgradeKitOptions
        {
            Rules = { ApprovalRequiredFor = [UpgradeAction.ForceStop], ViewLogStatuses = [.. LifecycleRuleOptions.DefaultViewLogStatuses, UpgradeStatus.Upgrading] },
        });
        var id = await scenario.InsertConfiguringAsync();
        scenario.Clock.Reset(At(10));
        await scenario.Service.Commands.SaveConfigurationAsync(id, new ConfigurationFile("upgrade-config.yaml", "mode: maintenance\n"u8.ToArray(), At(10)), ProjectionScenario.Alice);
        scenario.Clock.Reset(At(30));
        await scenario.Service.HostReports.StartAsync(id);
        scenario.Clock.Reset(At(50));
        await new ForceStopApprovals(scenario.Service.Commands).RequestAsync(id, Olga, new ForceStopRequest(ForceStopResult.Failed, true)
        {
            Reason = OperatorReason.Parse("Rolled back by hand after the data update hung; <b>not</b> markup"),
            Declaration = UpgradeKitTexts.Default.ForceStopDeclaration(CultureInfo.GetCultureInfo("en")),
        });
        return (scenario, id);
    }

    [Fact]
    public async Task ListRow_AwaitingApproval_ShowsThePendingRequest_MatchesCommittedSample_R_GOV_2()
    {
        var (scenario, _) = await AwaitingApprovalAsync();

        var row = (await scenario.Service.Queries.ListRowsAsync(new UpgradeRecordQuery(), Oscar, Berlin)).Rows.Single();

        var pending = Assert.IsType<ForceStopRequestView>(row.PendingForceStop);
        Assert.Equal(("olga", ForceStopResult.Failed, UpgradeStatus.ForceStoppedFailed), (pending.RequestedBy, pending.Result, pending.StatusOnApproval.Code));
        Assert.Equal(At(50), pending.RequestedAt);
        Assert.Equal(At(50) + Duration.FromMinutes(30), pending.ExpiresAt);
        Assert.Equal("Rolled back by hand after the data update hung; <b>not</b> markup", pending.Reason);
        Assert.True(row.Actions.Single(a => a.Action == UpgradeAction.ApproveForceStop).Offered);
        AssertSample("list-row-awaiting-approval.json",
            JsonSerializer.Serialize(row with { PendingForceStop = pending with { RequestId = SampleRequestId } }, Indented));
    }

    [Fact]
    public async Task ViewLog_AwaitingApproval_ShowsThePendingRequestUntilDecided_R_GOV_2()
    {
        var (scenario, id) = await AwaitingApprovalAsync();
        var stored = (await scenario.Store.FindPendingForceStopRequestAsync(id))!;

        var panel = await scenario.Service.Queries.ViewLogAsync(id, Oscar, Berlin);
        await new ForceStopApprovals(scenario.Service.Commands).RejectAsync(id, Oscar);
        var after = await scenario.Service.Queries.ViewLogAsync(id, Oscar, Berlin);

        Assert.Equal(stored.Id, panel.PendingForceStop!.RequestId);
        Assert.Equal(Berlin.FormatTime(stored.ExpiresAt), panel.PendingForceStop.ExpiresTime);
        Assert.Null(after.PendingForceStop);
        Assert.Null((await scenario.Service.Queries.ListRowsAsync(new UpgradeRecordQuery(), Oscar, Berlin)).Rows.Single().PendingForceStop);
    }
}
