using Dataphin.UpgradeKit.Commands;
using Dataphin.UpgradeKit.Lifecycle;
using Dataphin.UpgradeKit.Operators;
using Dataphin.UpgradeKit.Storage;
using Dataphin.UpgradeKit.Tests.Support;
using NodaTime;
using Xunit;

namespace Dataphin.UpgradeKit.Tests.Service;

public class UpgradeCommandsInputTests
{
    private readonly ServiceHarness _h = new();

    [Theory]
    [InlineData("V4.3.0", "V4.3.0")]
    [InlineData("4.3.0", "V4.3")]
    [InlineData("4.2.9", "4.3.0")]
    public async Task Create_TargetNotAboveInitial_ThrowsArgumentException_R_REC_1(string target, string initial)
    {
        var request = new NewUpgradeRequest
        {
            TargetVersion = ProductVersion.Parse(target), InitialVersion = ProductVersion.Parse(initial),
            Mode = UpgradeMode.Maintenance, DataServiceStudioMode = DataServiceStudioUpgradeMode.DoNotUpgrade,
        };

        var ex = await Assert.ThrowsAsync<ArgumentException>(() => _h.Service.Commands.CreateAsync(request, TestOperators.Ordinary));

        Assert.Contains("R-REC-1", ex.Message, StringComparison.Ordinal);
        Assert.Empty((await _h.Service.Queries.ListAsync(new UpgradeRecordQuery())).Items);
    }

    [Fact]
    public async Task Create_DefaultVersionsOrUndefinedModes_ThrowArgumentException()
    {
        var good = ServiceHarness.Request();
        await Assert.ThrowsAsync<ArgumentException>(() => _h.Service.Commands.CreateAsync(good with { TargetVersion = default }, TestOperators.Ordinary));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => _h.Service.Commands.CreateAsync(good with { Mode = (UpgradeMode)42 }, TestOperators.Ordinary));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => _h.Service.Commands.CreateAsync(good with { DataServiceStudioMode = 0 }, TestOperators.Ordinary));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void OperatorIdentity_EmptyId_ThrowsArgumentException(string id) =>
        Assert.Throws<ArgumentException>(() => new OperatorIdentity(id));

    [Fact]
    public void OperatorIdentity_NullId_ThrowsArgumentNullException() =>
        Assert.Throws<ArgumentNullException>(() => new OperatorIdentity(null!));

    [Fact]
    public async Task AnyOperation_UnknownRecord_ThrowsNotFoundNamingTheId()
    {
        var id = UpgradeRecordId.New(ServiceHarness.T0);

        var ex = await Assert.ThrowsAsync<UpgradeRecordNotFoundException>(() => _h.Service.HostReports.StartAsync(id));
        await Assert.ThrowsAsync<UpgradeRecordNotFoundException>(() => _h.Service.Commands.CancelAsync(id, TestOperators.Ordinary));
        await Assert.ThrowsAsync<UpgradeRecordNotFoundException>(() => _h.Service.Queries.GetAvailableActionsAsync(id, TestOperators.Ordinary));

        Assert.Equal(id, ex.RecordId);
        Assert.Contains(id.ToString(), ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnyOperation_EmptyId_ThrowsArgumentException()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => _h.Service.HostReports.StartAsync(default));
        await Assert.ThrowsAsync<ArgumentException>(() => _h.Service.Queries.GetAsync(default));
    }

    [Fact]
    public async Task OperatorAction_StaleExpectedVersion_ThrowsConflictAndChangesNothing()
    {
        var record = await _h.InStatusAsync(UpgradeStatus.Upgrading);
        await _h.Service.HostReports.ReportProgressAsync(record.Id, new ProgressReport { CurrentStep = "stop-services" });

        var ex = await Assert.ThrowsAsync<ConcurrencyConflictException>(
            () => _h.Service.Commands.StopAsync(record.Id, TestOperators.Ordinary, new StopOptions(false), expectedVersion: record.Version));

        Assert.Equal(record.Version, ex.ExpectedVersion);
        Assert.Equal(record.Version + 1, ex.ActualVersion);
        Assert.Equal(UpgradeStatus.Upgrading, (await _h.Service.Queries.GetAsync(record.Id)).Status);
    }

    [Fact]
    public async Task SaveConfiguration_BadFileName_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => new ConfigurationFile("../etc/passwd", Array.Empty<byte>(), Instant.MinValue));
        Assert.Throws<ArgumentException>(() => new ConfigurationFile(" ", Array.Empty<byte>(), Instant.MinValue));
        var record = await _h.CreateAsync();
        await Assert.ThrowsAsync<ArgumentNullException>(() => _h.Service.Commands.SaveConfigurationAsync(record.Id, null!, TestOperators.Ordinary));
    }

    [Fact]
    public async Task ForceStop_UndefinedResult_ThrowsArgumentOutOfRange()
    {
        var record = await _h.InStatusAsync(UpgradeStatus.Upgrading);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(
            () => _h.Service.Commands.ForceStopAsync(record.Id, TestOperators.Engineer, new ForceStopRequest((ForceStopResult)9, true) { Reason = OperatorReason.Parse("finished by hand") }));
    }

    [Fact]
    public void Options_Invalid_ListEveryProblem()
    {
        var options = new UpgradeKitOptions { ShortNodeThreshold = Duration.FromSeconds(-1), QualifiedOperatorRole = "", SystemChangeRetries = -1 };

        var ex = Assert.Throws<ArgumentException>(options.Validate);

        Assert.Contains("ShortNodeThreshold", ex.Message, StringComparison.Ordinal);
        Assert.Contains("QualifiedOperatorRole", ex.Message, StringComparison.Ordinal);
        Assert.Contains("SystemChangeRetries", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_InvalidPageSizeOrToken_ThrowsArgumentException()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => _h.Service.Queries.ListAsync(new UpgradeRecordQuery { PageSize = 0 }));
        await Assert.ThrowsAsync<ArgumentException>(() => _h.Service.Queries.ListAsync(new UpgradeRecordQuery { ContinuationToken = "garbage!" }));
    }
}
