using System.Text.Json;
using Dataphin.UpgradeKit.Commands;
using Dataphin.UpgradeKit.Lifecycle;
using Xunit;

namespace Dataphin.UpgradeKit.Tests.Records;

/// <summary>
/// The host-facing requests moved from positional parameters to <c>init</c> properties so they can grow; a host that
/// serialises them (a queue, a log) sees the same JSON as before. The expected texts were produced by the positional
/// records.
/// </summary>
public class HostRequestJsonTests
{
    [Fact]
    public void NewUpgradeRequest_Serialised_SameJsonAsThePositionalRecord()
    {
        var request = new NewUpgradeRequest
        {
            TargetVersion = ProductVersion.Parse("V5.1.0"),
            InitialVersion = ProductVersion.Parse("V4.3.0"),
            Mode = UpgradeMode.ZeroDowntime,
            DataServiceStudioMode = DataServiceStudioUpgradeMode.UpgradeSeparately,
            IdempotencyKey = "k-1",
        };

        Assert.Equal(
            """{"targetVersion":{"major":5,"minor":1,"patch":0,"revision":0,"componentCount":3,"hasPrefix":true},"initialVersion":{"major":4,"minor":3,"patch":0,"revision":0,"componentCount":3,"hasPrefix":true},"mode":2,"dataServiceStudioMode":2,"idempotencyKey":"k-1"}""",
            JsonSerializer.Serialize(request, JsonSerializerOptions.Web));
    }

    [Fact]
    public void ProgressReport_SerialisedAndRead_SameJsonAsThePositionalRecordAndRoundTrips()
    {
        var report = new ProgressReport { ForceStopTaskRan = true, CurrentStep = "backup" };

        var json = JsonSerializer.Serialize(report, JsonSerializerOptions.Web);

        Assert.Equal("""{"forceStopTaskRan":true,"applicationShutdownStarted":false,"currentStep":"backup"}""", json);
        Assert.Equal(report, JsonSerializer.Deserialize<ProgressReport>(json, JsonSerializerOptions.Web));
        Assert.Equal(new ProgressReport(), JsonSerializer.Deserialize<ProgressReport>("{}", JsonSerializerOptions.Web));
    }
}
