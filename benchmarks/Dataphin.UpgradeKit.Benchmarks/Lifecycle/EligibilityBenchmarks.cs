using BenchmarkDotNet.Attributes;
using Dataphin.UpgradeKit.Actions;
using Dataphin.UpgradeKit.Lifecycle;
using Dataphin.UpgradeKit.Operators;
using NodaTime;
using Stateless;

namespace Dataphin.UpgradeKit.Benchmarks.Lifecycle;

/// <summary>Eligibility of all seven actions for one record and operator (target: under 1 µs, no allocation).</summary>
[MemoryDiagnoser]
public class EligibilityBenchmarks
{
    private static readonly UpgradeOperation[] Operations =
    [
        UpgradeOperation.ResumeUpgrade, UpgradeOperation.ResumeVerification, UpgradeOperation.Cancel, UpgradeOperation.Stop,
        UpgradeOperation.ForceStop, UpgradeOperation.Complete, UpgradeOperation.ViewLog,
    ];

    private readonly ActionEligibilityPolicy _policy = new();
    private readonly OperatorIdentity _operator = new("olga", roles: [RoleOperatorQualification.DefaultRole]);
    private readonly UpgradeRecord _record = new UpgradeRecordSnapshot
    {
        Id = UpgradeRecordId.New(Instant.FromUtc(2026, 11, 25, 8, 0)),
        TargetVersion = ProductVersion.Parse("5.1.2"),
        InitialVersion = ProductVersion.Parse("4.3.0"),
        Mode = UpgradeMode.Maintenance,
        DataServiceStudioMode = DataServiceStudioUpgradeMode.UpgradeTogether,
        Status = UpgradeStatus.Upgrading,
        CreatedAt = Instant.FromUtc(2026, 11, 25, 8, 0),
        CreatedBy = "alice",
        ForceStopTaskRan = true,
        Version = 4,
    }.ToRecord();

    private readonly StateMachine<UpgradeStatus, UpgradeOperation> _machine;
    private UpgradeStatus _state = UpgradeStatus.Upgrading;

    public EligibilityBenchmarks()
    {
        _machine = HandWrittenLifecycle.Configure(() => _state, s => _state = s, () => !(_record.ForceStopTaskRan && _record.ApplicationShutdownStarted));
    }

    [Benchmark(Baseline = true, Description = "Stateless CanFire x7")]
    public int CanFireSevenTimes()
    {
        var offered = 0;
        foreach (var operation in Operations)
        {
            if (_machine.CanFire(operation, out _))
            {
                offered++;
            }
        }

        return offered;
    }

    [Benchmark(Description = "SDK policy, all seven actions")]
    public ActionEligibilitySet SdkPolicy() => _policy.Evaluate(_record, _operator);
}
