// Walks one maintenance-mode upgrade through its lifecycle with the SDK's public API and prints, at every step,
// what the Actions column offers to an ordinary operator and to a qualified O&M engineer, and why not.
using Dataphin.UpgradeKit;
using Dataphin.UpgradeKit.Actions;
using Dataphin.UpgradeKit.Display;
using Dataphin.UpgradeKit.Lifecycle;
using Dataphin.UpgradeKit.Notifications;
using Dataphin.UpgradeKit.Operators;
using Dataphin.UpgradeKit.Storage;
using NodaTime;

var clock = new SteppingClock(Instant.FromUtc(2026, 11, 25, 1, 0));
var host = new PrintingHost();
var service = new UpgradeRecordService(new InMemoryUpgradeStore(), clock, notificationHandler: host);
var alice = new OperatorIdentity("alice", "Alice (operator)");
var olga = new OperatorIdentity("olga", "Olga (O&M engineer)", [RoleOperatorQualification.DefaultRole]);

Console.WriteLine("Dataphin.UpgradeKit sample: one upgrade from V4.3.0 to V5.1.2 (in-memory store)\n");

var upgrade = await service.CreateAsync(
    new NewUpgradeRequest(ProductVersion.Parse("V5.1.2"), ProductVersion.Parse("V4.3.0"), UpgradeMode.Maintenance, DataServiceStudioUpgradeMode.UpgradeTogether),
    alice);
await Show("Created", upgrade.Id);

upgrade = await service.SaveConfigurationAsync(upgrade.Id, new ConfigurationFile("upgrade-v5.1.2.yaml", "cluster: prod\n"u8.ToArray(), clock.GetCurrentInstant()), alice);
await Show("Configuration saved", upgrade.Id);

upgrade = await service.StartAsync(upgrade.Id);
await Show("Upgrade started (maintenance mode on)", upgrade.Id);

await service.ReportProgressAsync(upgrade.Id, new ProgressReport(ForceStopTaskRan: true, CurrentStep: "stop-services"));
await Show("Force-stop task ran", upgrade.Id);

await service.ReportProgressAsync(upgrade.Id, new ProgressReport(ApplicationShutdownStarted: true, CurrentStep: "backup-databases"));
await Show("Application shutdown started: Stop is no longer offered", upgrade.Id);

var resume = await service.ResumeUpgradeAsync(upgrade.Id, alice);
Console.WriteLine($"  Resume upgrade sends Alice to the {resume.Stage} stage, step '{resume.CurrentStep}'.\n");

try
{
    await service.ForceStopAsync(upgrade.Id, alice, new ForceStopRequest(ForceStopResult.Succeeded, DeclarationAccepted: true));
}
catch (OperationNotPermittedException refused)
{
    Console.WriteLine($"  Alice tries to force-stop: refused ({refused.Reason}): {refused.Explanation}\n");
}

upgrade = await service.MarkStepsCompletedAsync(upgrade.Id);
await Show("Upgrade steps completed", upgrade.Id);

upgrade = await service.CompleteAsync(upgrade.Id, alice);
await Show("Alice clicks Finish", upgrade.Id);

Console.WriteLine($"Upgrade started {upgrade.UpgradeStartedAt}, ended {upgrade.UpgradeEndedAt}, took {upgrade.UpgradeEndedAt - upgrade.UpgradeStartedAt}.");
Console.WriteLine("Audit trail:");
foreach (var entry in await service.GetAuditTrailAsync(upgrade.Id))
{
    Console.WriteLine($"  {entry.At}  {entry.Actor,-6} {entry.Operation,-18} {entry.Outcome,-8} {entry.StatusBefore} -> {entry.StatusAfter} {entry.Reason}");
}

return 0;

async Task Show(string step, UpgradeRecordId id)
{
    var current = await service.GetAsync(id);
    Console.WriteLine($"{step}: {DisplayText.Status(current.Status)} (version {current.Version})");
    foreach (var (who, actor) in new[] { ("Alice", alice), ("Olga", olga) })
    {
        var actions = service.Policy.Evaluate(current, actor);
        var offered = string.Join(", ", actions.Offered.Select(a => DisplayText.Action(a)));
        Console.WriteLine($"  {who,-5} offered: {(offered.Length == 0 ? "(nothing)" : offered)}");
    }

    var stop = service.Policy.Evaluate(current, alice)[UpgradeAction.Stop];
    if (!stop.IsOffered && current.Status == UpgradeStatus.Upgrading)
    {
        Console.WriteLine($"  Stop disabled: {stop.Explanation}");
    }

    Console.WriteLine();
}

/// <summary>A clock that moves on by a few minutes every time it is read, so the sample's times differ.</summary>
internal sealed class SteppingClock(Instant start) : IClock
{
    private Instant _now = start;

    public Instant GetCurrentInstant() => _now += Duration.FromMinutes(3);
}

/// <summary>What the host does with notifications: here, print them.</summary>
internal sealed class PrintingHost : IUpgradeNotificationHandler
{
    public Task HandleAsync(UpgradeNotification notification, CancellationToken cancellationToken)
    {
        Console.WriteLine($"  [host] notification {notification.GetType().Name} for {notification.RecordId}");
        return Task.CompletedTask;
    }
}
