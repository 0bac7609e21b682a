using Dataphin.UpgradeKit.Tests.Projections;
using NodaTime;
using Xunit;

namespace Dataphin.UpgradeKit.Tests.Records;

/// <summary>
/// A store builds records through <see cref="UpgradeRecordSnapshot"/>: a state the lifecycle can reach comes back as
/// the same record, and a state no operation can produce is refused with a typed error (issue 21 item 7).
/// </summary>
public class UpgradeRecordSnapshotTests
{
    private static readonly Instant T0 = Instant.FromUtc(2026, 3, 29, 0, 0);
    private static readonly UpgradeRecordId Id = UpgradeRecordId.New(T0);

    // A reachable state for each status the checks look at; every field not named keeps what a created record has.
    private static UpgradeRecordSnapshot Snapshot(
        UpgradeStatus status = UpgradeStatus.Upgrading,
        UpgradeMode mode = UpgradeMode.Maintenance,
        string target = "5.1.0",
        string initial = "5.0.0",
        long version = 2,
        Instant? upgradeStart = null,
        Instant? upgradeEnd = null,
        Instant? maintenanceStart = null,
        Instant? maintenanceEnd = null,
        bool? rerun = null,
        ForceStopResult? forceStopResult = null,
        string? failureReason = null) => new()
    {
        Id = Id,
        TargetVersion = ProductVersion.Parse(target),
        InitialVersion = ProductVersion.Parse(initial),
        Mode = mode,
        DataServiceStudioMode = DataServiceStudioUpgradeMode.UpgradeTogether,
        Status = status,
        CreatedAt = T0,
        CreatedBy = "alice",
        UpgradeStartedAt = upgradeStart,
        UpgradeEndedAt = upgradeEnd,
        MaintenanceStartedAt = maintenanceStart,
        MaintenanceEndedAt = maintenanceEnd,
        RerunForceStoppedInstances = rerun,
        ForceStopResult = forceStopResult,
        FailureReason = failureReason,
        Version = version,
    };

    private static Instant At(int minutes) => T0 + Duration.FromMinutes(minutes);

    public static TheoryData<string, UpgradeRecordSnapshot> Reachable() => new()
    {
        { "configuring", Snapshot(UpgradeStatus.Configuring, version: 1) },
        { "upgrading in maintenance mode", Snapshot(upgradeStart: At(1), maintenanceStart: At(1)) },
        { "succeeded", Snapshot(UpgradeStatus.Succeeded, upgradeStart: At(1), upgradeEnd: At(9), maintenanceStart: At(1), maintenanceEnd: At(9)) },
        { "zero downtime, succeeded", Snapshot(UpgradeStatus.Succeeded, UpgradeMode.ZeroDowntime, upgradeStart: At(1), upgradeEnd: At(1)) },
        { "stopped", Snapshot(UpgradeStatus.Stopped, upgradeStart: At(1), upgradeEnd: At(5), maintenanceStart: At(1), maintenanceEnd: At(5), rerun: true) },
        { "force-stopped", Snapshot(UpgradeStatus.ForceStoppedFailed, upgradeStart: At(1), upgradeEnd: At(5), maintenanceStart: At(1), forceStopResult: ForceStopResult.Failed) },
        { "failed", Snapshot(UpgradeStatus.Failed, upgradeStart: At(1), upgradeEnd: At(5), maintenanceStart: At(1), failureReason: "disk full") },
    };

    public static TheoryData<string, UpgradeRecordSnapshot> Unreachable() => new()
    {
        { "target not above initial (R-REC-1)", Snapshot(target: "5.0.0", initial: "5.0.0") },
        { "upgrade ends before it starts (R-TIME-2)", Snapshot(UpgradeStatus.Succeeded, upgradeStart: At(5), upgradeEnd: At(4), maintenanceStart: At(5)) },
        { "maintenance ends before it starts (R-TIME-2)", Snapshot(upgradeStart: At(5), maintenanceStart: At(5), maintenanceEnd: At(4)) },
        { "zero downtime with maintenance times (R-TIME-6)", Snapshot(mode: UpgradeMode.ZeroDowntime, upgradeStart: At(1), maintenanceStart: At(1)) },
        { "force-stop result on a succeeded record (R-SM-5)", Snapshot(UpgradeStatus.Succeeded, upgradeStart: At(1), upgradeEnd: At(2), forceStopResult: ForceStopResult.Succeeded) },
        { "stop option on a failed record (R-SM-4)", Snapshot(UpgradeStatus.Failed, upgradeStart: At(1), upgradeEnd: At(2), rerun: false) },
        { "failure reason on an upgrading record", Snapshot(upgradeStart: At(1), failureReason: "disk full") },
        { "version 0", Snapshot(version: 0) },
        { "undefined status", Snapshot((UpgradeStatus)99) },
    };

    [Theory]
    [MemberData(nameof(Reachable))]
    public void ToRecord_ReachableState_ReturnsTheSameFields_R_REC_1(string state, UpgradeRecordSnapshot snapshot)
    {
        var record = snapshot.ToRecord();

        Assert.Equal((state, snapshot.Id, snapshot.Status, snapshot.Mode, snapshot.Version), (state, record.Id, record.Status, record.Mode, record.Version));
        Assert.Equal((snapshot.UpgradeStartedAt, snapshot.UpgradeEndedAt), (record.UpgradeStartedAt, record.UpgradeEndedAt));
        Assert.Equal((snapshot.MaintenanceStartedAt, snapshot.MaintenanceEndedAt), (record.MaintenanceStartedAt, record.MaintenanceEndedAt));
        Assert.Equal((snapshot.RerunForceStoppedInstances, snapshot.ForceStopResult, snapshot.FailureReason), (record.RerunForceStoppedInstances, record.ForceStopResult, record.FailureReason));
        Assert.Equal(snapshot.ToRecord(), UpgradeRecordSnapshot.From(record).ToRecord());
    }

    [Theory]
    [MemberData(nameof(Unreachable))]
    public void ToRecord_UnreachableState_ThrowsUnreachableRecordState_R_TIME_2(string state, UpgradeRecordSnapshot snapshot)
    {
        var error = Assert.Throws<UnreachableRecordStateException>(snapshot.ToRecord);

        Assert.Equal(Id, error.RecordId);
        Assert.False(string.IsNullOrWhiteSpace(error.Problem), state);
        Assert.IsAssignableFrom<UpgradeKitException>(error);
    }

    [Fact]
    public async Task From_ARecordTheServiceWrote_RoundTripsUnchanged_R_SM_1()
    {
        var scenario = ProjectionScenario.Create();
        var id = await scenario.SucceededUpgradeAsync();
        var written = await scenario.Service.Queries.GetAsync(id);

        Assert.Equal(written, UpgradeRecordSnapshot.From(written).ToRecord());
    }

    [Fact]
    public void From_Null_ThrowsArgumentNull() =>
        Assert.Throws<ArgumentNullException>(() => UpgradeRecordSnapshot.From(null!));

    // A host cannot build a record in an arbitrary state: no public constructor and no public setter, so the only
    // doors are the commands and the snapshot, which checks the state.
    [Fact]
    public void UpgradeRecord_PublicSurface_HasNoConstructorAndNoSetter_R_REC_1()
    {
        var type = typeof(UpgradeRecord);

        Assert.Empty(type.GetConstructors(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance));
        Assert.All(type.GetProperties(), p => Assert.True(p.SetMethod is null || !p.SetMethod.IsPublic, $"{p.Name} has a public setter."));
    }
}
