using BenchmarkDotNet.Attributes;
using Dataphin.UpgradeKit.Commands;
using Dataphin.UpgradeKit.DependencyInjection;
using Dataphin.UpgradeKit.Lifecycle;
using Dataphin.UpgradeKit.Notifications;
using Dataphin.UpgradeKit.Operators;
using Dataphin.UpgradeKit.Storage;
using NodaTime;
using NodaTime.Testing;
using Stateless;
using Dataphin.UpgradeKit.Testing.HostTools;

namespace Dataphin.UpgradeKit.Benchmarks.Lifecycle;

/// <summary>
/// One operator transition (Stop, Upgrading to Stopped). Each SDK invocation first puts the Upgrading snapshot back
/// in the store (one dictionary write under the store's lock) and then stops it, so the row pays for everything a
/// host pays: load, decide on the state machine, build the new snapshot, audit entry and notification,
/// compare-and-set store, delivery to a (no-op) handler, and logging (to a null logger).
/// </summary>
[MemoryDiagnoser]
public class TransitionBenchmarks
{
    private static readonly OperatorIdentity Operator = new("alice");
    private static readonly StopOptions Options = new(RerunForceStoppedInstances: true);

    private readonly StateMachine<UpgradeStatus, UpgradeOperation> _onceConfigured;
    private UpgradeStatus _state = UpgradeStatus.Upgrading;
    private readonly InMemoryUpgradeStore _store = new();
    private UpgradeKitFeatures _service = null!;
    private UpgradeRecord _upgrading = null!;

    public TransitionBenchmarks()
    {
        _onceConfigured = HandWrittenLifecycle.Configure(() => _state, s => _state = s, () => true);
    }

    [GlobalSetup]
    public void CreateUpgradingRecord()
    {
        var clock = new FakeClock(Instant.FromUtc(2026, 11, 25, 8, 0));
        _service = new UpgradeKitFeatures(_store, clock, notificationHandler: new NoOpHandler());
        var request = new NewUpgradeRequest
        {
            TargetVersion = ProductVersion.Parse("5.1.2"), InitialVersion = ProductVersion.Parse("4.3.0"),
            Mode = UpgradeMode.Maintenance, DataServiceStudioMode = DataServiceStudioUpgradeMode.UpgradeTogether,
        };
        var id = _service.Commands.CreateAsync(request, Operator).GetAwaiter().GetResult().Id;
        _upgrading = _service.HostReports.StartAsync(id).GetAwaiter().GetResult();
    }

    [Benchmark(Baseline = true, Description = "Stateless, configured once")]
    public UpgradeStatus StatelessConfiguredOnce()
    {
        _state = UpgradeStatus.Upgrading;
        _onceConfigured.Fire(UpgradeOperation.Stop);
        return _state;
    }

    [Benchmark(Description = "Stateless, configured per call")]
    public UpgradeStatus StatelessConfiguredPerCall()
    {
        var state = UpgradeStatus.Upgrading;
        var machine = HandWrittenLifecycle.Configure(() => state, s => state = s, () => true);
        machine.Fire(UpgradeOperation.Stop);
        return state;
    }

    [Benchmark(Description = "Hand-written switch (floor)")]
    public UpgradeStatus HandWrittenSwitch() => HandWrittenLifecycle.Switch(UpgradeStatus.Upgrading, UpgradeOperation.Stop, stopWindowOpen: true);

    [Benchmark(Description = "SDK service, in-memory store")]
    public UpgradeStatus SdkServiceStop()
    {
        _store.Reset(_upgrading);
        return _service.Commands.StopAsync(_upgrading.Id, Operator, Options).GetAwaiter().GetResult().Status;
    }

    private sealed class NoOpHandler : IUpgradeNotificationHandler
    {
        public Task HandleAsync(UpgradeNotification notification, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
