using Stateless;

namespace Dataphin.UpgradeKit.Lifecycle;

/// <summary>
/// Every rule of SPEC §3 and §4, with the host's choices of <see cref="LifecycleRules"/> (R-RULE-1), as one Stateless
/// configuration, so the rendered graph shows all of them. Configured once when the instance is built and bound to a
/// status slot through the external-state constructor, so deciding for a record is "load the slot, fire".
/// Not thread-safe (Stateless machines are not, stateless#94): <see cref="LifecycleTable"/> fires one instance, once
/// per situation, while it compiles, and never shares it.
/// </summary>
internal sealed class LifecycleMachine
{
    private readonly StateMachine<UpgradeStatus, UpgradeOperation> _machine;
    private UpgradeStatus _status;
    private LifecycleFacts _facts;
    private bool _refused;
    private bool _removes;
    private ICollection<string>? _unmetGuards;

    public LifecycleMachine(LifecycleRules rules)
    {
        Rules = rules;

        // A fresh machine reports its slot as the initial state of the rendered graph: new records start here.
        _status = UpgradeStatus.Configuring;
        _machine = new StateMachine<UpgradeStatus, UpgradeOperation>(() => _status, s => _status = s, FiringMode.Immediate);
        _machine.OnUnhandledTrigger((_, _, unmet) =>
        {
            _refused = true;
            _unmetGuards = unmet;
        });
        Configure(rules);
    }

    /// <summary>The rules this machine was configured with.</summary>
    public LifecycleRules Rules { get; }

    /// <summary>The Stateless description of the machine, for rendering the graph.</summary>
    public Stateless.Reflection.StateMachineInfo GetInfo() => _machine.GetInfo();

    /// <summary>Fires <paramref name="operation"/> on a record in <paramref name="status"/> with <paramref name="facts"/>.</summary>
    public LifecycleDecision Decide(UpgradeStatus status, UpgradeOperation operation, in LifecycleFacts facts)
    {
        _status = status;
        _facts = facts;
        _refused = false;
        _removes = false;
        _unmetGuards = null;
        _machine.Fire(operation);
        return _refused
            ? new LifecycleDecision(false, status, LifecycleGuards.ReasonFor(_unmetGuards))
            : new LifecycleDecision(true, _status, ActionReasonCode.None, _removes);
    }

    /// <summary>Asks with <c>CanFire</c>, without firing (tests check the compiled table against it).</summary>
    public ActionReasonCode Check(UpgradeStatus status, UpgradeOperation operation, in LifecycleFacts facts)
    {
        _status = status;
        _facts = facts;
        return _machine.CanFire(operation, out var unmet) ? ActionReasonCode.None : LifecycleGuards.ReasonFor(unmet);
    }

    private void Configure(LifecycleRules rules)
    {
        static void Nothing()
        {
        }

        var configuring = _machine.Configure(UpgradeStatus.Configuring)
            .Permit(UpgradeOperation.Start, UpgradeStatus.Upgrading)
            .InternalTransition(UpgradeOperation.SaveConfiguration, Nothing)
            .InternalTransition(UpgradeOperation.ReportProgress, Nothing)
            .InternalTransition(UpgradeOperation.ResumeUpgrade, Nothing);

        // R-REC-2 (R-RULE-1: the host may keep such records): cancelling before a configuration was saved removes the
        // record; an internal transition, because the record leaves no status behind.
        if (rules.RemoveCanceledWithoutConfiguration)
        {
            configuring
                .PermitIf(UpgradeOperation.Cancel, UpgradeStatus.Canceled, () => _facts.ConfigurationSaved, LifecycleGuards.CancelKeepsRecord)
                .InternalTransitionIf(UpgradeOperation.Cancel, _ => !_facts.ConfigurationSaved, () => _removes = true, LifecycleGuards.CancelRemovesRecord);
        }
        else
        {
            configuring.Permit(UpgradeOperation.Cancel, UpgradeStatus.Canceled);
        }

        // SPEC §4 decision on Stop (R-RULE-1: or the strict reading).
        var (stopWindowOpen, stopWindowDescription) = rules.StopWindow == StopWindowReading.Strict
            ? ((Func<bool>)(() => !_facts.ForceStopTaskRan && !_facts.ApplicationShutdownStarted), LifecycleGuards.StopWindowOpenStrict)
            : (() => !(_facts.ForceStopTaskRan && _facts.ApplicationShutdownStarted), LifecycleGuards.StopWindowOpen);
        var upgrading = _machine.Configure(UpgradeStatus.Upgrading)
            .Permit(UpgradeOperation.CompleteSteps, UpgradeStatus.Verifying)
            .Permit(UpgradeOperation.Fail, UpgradeStatus.Failed)
            .PermitIf(UpgradeOperation.Stop, UpgradeStatus.Stopped, stopWindowOpen, stopWindowDescription);
        if (rules.ForceStopNeedsApproval)
        {
            ConfigureTwoPersonForceStop(upgrading, rules);
        }
        else
        {
            upgrading
                .PermitIf(UpgradeOperation.ForceStop, UpgradeStatus.ForceStoppedSucceeded,
                    Guard(() => _facts.OperatorQualified, LifecycleGuards.OperatorQualified),
                    Guard(() => _facts.DeclarationAccepted, LifecycleGuards.DeclarationAccepted),
                    Guard(() => _facts.DeclaredResult == ForceStopResult.Succeeded, LifecycleGuards.ResultSucceeded))
                .PermitIf(UpgradeOperation.ForceStop, UpgradeStatus.ForceStoppedFailed,
                    Guard(() => _facts.OperatorQualified, LifecycleGuards.OperatorQualified),
                    Guard(() => _facts.DeclarationAccepted, LifecycleGuards.DeclarationAccepted),
                    Guard(() => _facts.DeclaredResult == ForceStopResult.Failed, LifecycleGuards.ResultFailed));
        }

        upgrading
            .InternalTransition(UpgradeOperation.ReportProgress, Nothing)
            .InternalTransition(UpgradeOperation.ResumeUpgrade, Nothing)
            .InternalTransitionIf(UpgradeOperation.ExitMaintenanceMode, _ => _facts.InMaintenanceMode, Nothing, LifecycleGuards.MaintenanceModeOn);

        _machine.Configure(UpgradeStatus.Verifying)
            .Permit(UpgradeOperation.Complete, UpgradeStatus.Succeeded)
            .InternalTransition(UpgradeOperation.ReportProgress, Nothing)
            .InternalTransition(UpgradeOperation.ResumeVerification, Nothing)
            .InternalTransitionIf(UpgradeOperation.ExitMaintenanceMode, _ => _facts.InMaintenanceMode, Nothing, LifecycleGuards.MaintenanceModeOn);

        // The host reports when maintenance mode is exited after a failure (SPEC §3, decision on Failed).
        _machine.Configure(UpgradeStatus.Failed)
            .InternalTransitionIf(UpgradeOperation.ExitMaintenanceMode, _ => _facts.InMaintenanceMode, Nothing, LifecycleGuards.MaintenanceModeOn);

        // Terminal statuses (R-SM-1) have only internal transitions; none leaves them. Canceled has none by default.
        _machine.Configure(UpgradeStatus.Canceled);

        // SPEC §4 decision on View log (R-RULE-1: the host's statuses); the download follows it and needs a saved
        // file (SPEC §7).
        foreach (var status in Enum.GetValues<UpgradeStatus>())
        {
            if (rules.OffersViewLog(status))
            {
                _machine.Configure(status)
                    .InternalTransition(UpgradeOperation.ViewLog, Nothing)
                    .InternalTransitionIf(UpgradeOperation.DownloadConfiguration, _ => _facts.ConfigurationSaved, Nothing, LifecycleGuards.ConfigurationSaved);
            }
        }
    }

    private static Tuple<Func<bool>, string> Guard(Func<bool> guard, string description) => new(guard, description);

    // R-GOV-2: the two-person rule. Force-stop alone is refused (its guard "two-person rule off" never holds, so the
    // reason is "approval required"); a request, its approval, rejection, withdrawal and expiry are transitions of
    // Upgrading guarded by the pending request's facts. Approval force-stops with the request's declared result.
    private void ConfigureTwoPersonForceStop(StateMachine<UpgradeStatus, UpgradeOperation>.StateConfiguration upgrading, LifecycleRules rules)
    {
        var qualified = Guard(() => _facts.OperatorQualified, LifecycleGuards.OperatorQualified);
        var pending = Guard(() => _facts.ForceStopPending, LifecycleGuards.RequestPending);
        var notRequester = Guard(() => !_facts.OperatorIsRequester, LifecycleGuards.OperatorNotRequester);
        Tuple<Func<bool>, string>[] deciders = rules.CreatorMayApprove
            ? [qualified, pending, notRequester]
            : [qualified, pending, notRequester, Guard(() => !_facts.OperatorIsCreator, LifecycleGuards.OperatorNotCreator)];
        upgrading
            .PermitIf(UpgradeOperation.ForceStop, UpgradeStatus.ForceStoppedSucceeded,
                qualified,
                Guard(() => false, LifecycleGuards.NoApprovalRequired))
            .PermitReentryIf(UpgradeOperation.RequestForceStop,
                qualified,
                Guard(() => !_facts.ForceStopPending, LifecycleGuards.NoRequestPending),
                Guard(() => _facts.DeclarationAccepted, LifecycleGuards.DeclarationAccepted),
                Guard(() => _facts.DeclaredResult is not null, LifecycleGuards.ResultDeclared))
            .PermitIf(UpgradeOperation.ApproveForceStop, UpgradeStatus.ForceStoppedSucceeded,
                [.. deciders, Guard(() => _facts.DeclaredResult == ForceStopResult.Succeeded, LifecycleGuards.ResultSucceeded)])
            .PermitIf(UpgradeOperation.ApproveForceStop, UpgradeStatus.ForceStoppedFailed,
                [.. deciders, Guard(() => _facts.DeclaredResult == ForceStopResult.Failed, LifecycleGuards.ResultFailed)])
            .PermitReentryIf(UpgradeOperation.RejectForceStop, deciders)
            .PermitReentryIf(UpgradeOperation.WithdrawForceStop,
                pending,
                Guard(() => _facts.OperatorIsRequester, LifecycleGuards.OperatorIsRequester))
            .PermitReentryIf(UpgradeOperation.ExpireForceStopRequest, pending);
    }
}
