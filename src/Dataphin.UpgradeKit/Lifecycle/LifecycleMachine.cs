using Dataphin.UpgradeKit.Actions;
using Stateless;

namespace Dataphin.UpgradeKit.Lifecycle;

/// <summary>
/// The lifecycle of SPEC §3 on a Stateless machine, configured once when the instance is built and bound to a
/// status slot through the external-state constructor, so deciding for a record is "load the slot, fire".
/// Not thread-safe (Stateless machines are not, stateless#94): <see cref="UpgradeLifecycle"/> fires one instance,
/// once per situation, while it compiles its decision table, and never shares it.
/// </summary>
internal sealed class LifecycleMachine
{
    private readonly StateMachine<UpgradeStatus, UpgradeOperation> _machine;
    private UpgradeStatus _status;
    private LifecycleFacts _facts;
    private bool _refused;
    private ICollection<string>? _unmetGuards;

    public LifecycleMachine()
    {
        // A fresh machine reports its slot as the initial state of the rendered graph: new records start here.
        _status = UpgradeStatus.Configuring;
        _machine = new StateMachine<UpgradeStatus, UpgradeOperation>(() => _status, s => _status = s, FiringMode.Immediate);
        _machine.OnUnhandledTrigger((_, _, unmet) =>
        {
            _refused = true;
            _unmetGuards = unmet;
        });
        Configure();
    }

    /// <summary>The Stateless description of the machine, for rendering the graph.</summary>
    public Stateless.Reflection.StateMachineInfo GetInfo() => _machine.GetInfo();

    /// <summary>Fires <paramref name="operation"/> on a record in <paramref name="status"/> with <paramref name="facts"/>.</summary>
    public LifecycleDecision Decide(UpgradeStatus status, UpgradeOperation operation, in LifecycleFacts facts)
    {
        _status = status;
        _facts = facts;
        _refused = false;
        _unmetGuards = null;
        _machine.Fire(operation);
        return _refused
            ? new LifecycleDecision(false, status, LifecycleGuards.ReasonFor(_unmetGuards))
            : new LifecycleDecision(true, _status, ActionReasonCode.None);
    }

    /// <summary>Asks with <c>CanFire</c>, without firing (tests check the compiled table against it).</summary>
    public ActionReasonCode Check(UpgradeStatus status, UpgradeOperation operation, in LifecycleFacts facts)
    {
        _status = status;
        _facts = facts;
        return _machine.CanFire(operation, out var unmet) ? ActionReasonCode.None : LifecycleGuards.ReasonFor(unmet);
    }

    private void Configure()
    {
        static void Nothing()
        {
        }

        _machine.Configure(UpgradeStatus.Configuring)
            .Permit(UpgradeOperation.Start, UpgradeStatus.Upgrading)
            .Permit(UpgradeOperation.Cancel, UpgradeStatus.Canceled)
            .InternalTransition(UpgradeOperation.SaveConfiguration, Nothing)
            .InternalTransition(UpgradeOperation.ReportProgress, Nothing)
            .InternalTransition(UpgradeOperation.ResumeUpgrade, Nothing);

        _machine.Configure(UpgradeStatus.Upgrading)
            .Permit(UpgradeOperation.CompleteSteps, UpgradeStatus.Verifying)
            .Permit(UpgradeOperation.Fail, UpgradeStatus.Failed)
            .PermitIf(UpgradeOperation.Stop, UpgradeStatus.Stopped,
                () => !(_facts.ForceStopTaskRan && _facts.ApplicationShutdownStarted), LifecycleGuards.StopWindowOpen)
            .PermitIf(UpgradeOperation.ForceStop, UpgradeStatus.ForceStoppedSucceeded,
                new Tuple<Func<bool>, string>(() => _facts.OperatorQualified, LifecycleGuards.OperatorQualified),
                new Tuple<Func<bool>, string>(() => _facts.DeclarationAccepted, LifecycleGuards.DeclarationAccepted),
                new Tuple<Func<bool>, string>(() => _facts.DeclaredResult == ForceStopResult.Succeeded, LifecycleGuards.ResultSucceeded))
            .PermitIf(UpgradeOperation.ForceStop, UpgradeStatus.ForceStoppedFailed,
                new Tuple<Func<bool>, string>(() => _facts.OperatorQualified, LifecycleGuards.OperatorQualified),
                new Tuple<Func<bool>, string>(() => _facts.DeclarationAccepted, LifecycleGuards.DeclarationAccepted),
                new Tuple<Func<bool>, string>(() => _facts.DeclaredResult == ForceStopResult.Failed, LifecycleGuards.ResultFailed))
            .InternalTransition(UpgradeOperation.ReportProgress, Nothing)
            .InternalTransition(UpgradeOperation.ResumeUpgrade, Nothing)
            .InternalTransitionIf(UpgradeOperation.ExitMaintenanceMode, _ => _facts.InMaintenanceMode, Nothing, LifecycleGuards.MaintenanceModeOn);

        _machine.Configure(UpgradeStatus.Verifying)
            .Permit(UpgradeOperation.Complete, UpgradeStatus.Succeeded)
            .InternalTransition(UpgradeOperation.ReportProgress, Nothing)
            .InternalTransition(UpgradeOperation.ResumeVerification, Nothing)
            .InternalTransitionIf(UpgradeOperation.ExitMaintenanceMode, _ => _facts.InMaintenanceMode, Nothing, LifecycleGuards.MaintenanceModeOn);

        // Terminal statuses (R-SM-1): only internal transitions, none leaves them.
        foreach (var status in (ReadOnlySpan<UpgradeStatus>)[UpgradeStatus.Succeeded, UpgradeStatus.Stopped,
                     UpgradeStatus.ForceStoppedSucceeded, UpgradeStatus.ForceStoppedFailed])
        {
            _machine.Configure(status)
                .InternalTransition(UpgradeOperation.ViewLog, Nothing)
                .InternalTransition(UpgradeOperation.DownloadConfiguration, Nothing);
        }

        // The host reports when maintenance mode is exited after a failure (SPEC §3, decision on Failed).
        _machine.Configure(UpgradeStatus.Failed)
            .InternalTransitionIf(UpgradeOperation.ExitMaintenanceMode, _ => _facts.InMaintenanceMode, Nothing, LifecycleGuards.MaintenanceModeOn);

        _machine.Configure(UpgradeStatus.Canceled);
    }
}
