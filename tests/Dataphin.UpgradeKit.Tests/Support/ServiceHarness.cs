using Dataphin.UpgradeKit.Commands;
using Dataphin.UpgradeKit.Testing.Notifications;
using Dataphin.UpgradeKit.Lifecycle;
using Dataphin.UpgradeKit.Storage;
using NodaTime;
using NodaTime.Testing;
using Dataphin.UpgradeKit.Testing.HostTools;

namespace Dataphin.UpgradeKit.Tests.Support;

/// <summary>A service on the in-memory store with a fake clock and a recording handler.</summary>
internal sealed class ServiceHarness
{
    public static readonly Instant T0 = Instant.FromUtc(2026, 11, 25, 8, 0);

    // Tests about something else than the two-person rule (R-GOV-2) opt out of it: one engineer force-stops alone.
    public ServiceHarness(UpgradeKitOptions? options = null)
    {
        Service = new UpgradeKitFeatures(Store, Clock, notificationHandler: Handler, options: options ?? WithoutTwoPersonRule());
    }

    /// <summary>Options whose rules let one qualified engineer force-stop alone.</summary>
    public static UpgradeKitOptions WithoutTwoPersonRule() => new() { Rules = { ApprovalRequiredFor = [] } };

    public FakeClock Clock { get; } = new(T0);

    public InMemoryUpgradeStore Store { get; } = new();

    public RecordingNotificationHandler Handler { get; } = new();

    public UpgradeKitFeatures Service { get; }

    public static NewUpgradeRequest Request(UpgradeMode mode = UpgradeMode.Maintenance) =>
        new NewUpgradeRequest
        {
            TargetVersion = ProductVersion.Parse("V5.1.2"), InitialVersion = ProductVersion.Parse("V4.3.0"),
            Mode = mode, DataServiceStudioMode = DataServiceStudioUpgradeMode.UpgradeTogether,
        };

    public Task<UpgradeRecord> CreateAsync(UpgradeMode mode = UpgradeMode.Maintenance) =>
        Service.Commands.CreateAsync(Request(mode), TestOperators.Ordinary);

    public async Task<UpgradeRecord> CreateWithConfigurationAsync(UpgradeMode mode = UpgradeMode.Maintenance)
    {
        var record = await CreateAsync(mode);
        return await Service.Commands.SaveConfigurationAsync(record.Id, new ConfigurationFile("upgrade.yaml", "k: v"u8.ToArray(), Clock.GetCurrentInstant()), TestOperators.Ordinary);
    }

    /// <summary>A record brought to <paramref name="status"/> along the normal paths, the clock advancing a minute a step.</summary>
    public async Task<UpgradeRecord> InStatusAsync(UpgradeStatus status, UpgradeMode mode = UpgradeMode.Maintenance)
    {
        var record = await CreateWithConfigurationAsync(mode);
        if (status == UpgradeStatus.Configuring)
        {
            return record;
        }

        if (status == UpgradeStatus.Canceled)
        {
            return (await Service.Commands.CancelAsync(record.Id, TestOperators.Ordinary)).Record!;
        }

        Clock.AdvanceMinutes(1);
        record = await Service.HostReports.StartAsync(record.Id);
        Clock.AdvanceMinutes(1);
        switch (status)
        {
            case UpgradeStatus.Upgrading:
                return record;
            case UpgradeStatus.Failed:
                return await Service.HostReports.MarkFailedAsync(record.Id, "disk full");
            case UpgradeStatus.Stopped:
                return await Service.Commands.StopAsync(record.Id, TestOperators.Ordinary, new StopOptions(true));
            case UpgradeStatus.ForceStoppedSucceeded:
                return await Service.Commands.ForceStopAsync(record.Id, TestOperators.Engineer, new ForceStopRequest(ForceStopResult.Succeeded, true) { Reason = OperatorReason.Parse("finished by hand") });
            case UpgradeStatus.ForceStoppedFailed:
                return await Service.Commands.ForceStopAsync(record.Id, TestOperators.Engineer, new ForceStopRequest(ForceStopResult.Failed, true) { Reason = OperatorReason.Parse("finished by hand") });
        }

        record = await Service.HostReports.MarkStepsCompletedAsync(record.Id);
        Clock.AdvanceMinutes(1);
        return status == UpgradeStatus.Verifying ? record : await Service.Commands.CompleteAsync(record.Id, TestOperators.Ordinary);
    }
}
