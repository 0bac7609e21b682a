using System.Globalization;
using Dataphin.UpgradeKit.Auditing;
using Dataphin.UpgradeKit.Lifecycle;
using NodaTime;

namespace Dataphin.UpgradeKit.Testing.Model;

/// <summary>
/// An independent statement of the upgrade lifecycle and of the Actions column, written from the product's rules
/// rather than from the SDK's state machine: for a record, an operator and the host's rules, which actions are offered
/// and why not, and what a request does (destination status, the times it sets, the notification it raises, removal,
/// audit). A host that changes the rules changes this model beside them and lets the kit's properties compare the SDK
/// with it. Pure and thread-safe.
/// </summary>
public static class ReferenceModel
{
    /// <summary>The actions of the Actions column, in display order.</summary>
    public static IReadOnlyList<UpgradeAction> Actions { get; } = Array.AsReadOnly(
    [
        UpgradeAction.ResumeUpgrade, UpgradeAction.ResumeVerification, UpgradeAction.Cancel, UpgradeAction.Stop,
        UpgradeAction.ForceStop, UpgradeAction.Complete, UpgradeAction.ViewLog, UpgradeAction.RequestForceStop, UpgradeAction.ApproveForceStop,
        UpgradeAction.RejectForceStop, UpgradeAction.WithdrawForceStop,
    ]);

    /// <summary>True for the statuses no request leaves: every status after Configuring, Upgrading and Verifying.</summary>
    /// <param name="status">The status.</param>
    public static bool IsTerminal(UpgradeStatus status) =>
        status is not (UpgradeStatus.Configuring or UpgradeStatus.Upgrading or UpgradeStatus.Verifying);

    /// <summary>True while Stop may still be used, under the rules' reading of the Stop window.</summary>
    /// <param name="record">The record.</param>
    /// <param name="rules">The rules.</param>
    public static bool StopWindowOpen(ModelRecord record, ModelRules rules)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(rules);
        return rules.StopWindow == StopWindowReading.Strict
            ? !record.ForceStopTaskRan && !record.ApplicationShutdownStarted
            : !record.ForceStopTaskRan || !record.ApplicationShutdownStarted;
    }

    /// <summary>What the Actions column shows for <paramref name="record"/> to an operator.</summary>
    /// <param name="record">The record.</param>
    /// <param name="operatorQualified">True when the operator asking is a qualified O&amp;M engineer.</param>
    /// <param name="rules">The host's rules.</param>
    public static IReadOnlyList<ModelOffer> Offers(ModelRecord record, bool operatorQualified, ModelRules rules) =>
        Offers(record, null, operatorQualified, rules);

    /// <summary>What the Actions column shows for <paramref name="record"/> to <paramref name="actor"/>: who they are decides the two-person rule's actions.</summary>
    /// <param name="record">The record.</param>
    /// <param name="actor">The operator asking; null for one who is neither the requester nor the creator.</param>
    /// <param name="operatorQualified">True when the operator asking is a qualified O&amp;M engineer.</param>
    /// <param name="rules">The host's rules.</param>
    public static IReadOnlyList<ModelOffer> Offers(ModelRecord record, string? actor, bool operatorQualified, ModelRules rules)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(rules);
        var status = record.Status;
        ModelOffer Governed(UpgradeAction action, UpgradeOperation operation)
        {
            var reason = TwoPersonRefusal(record, operation, actor, operatorQualified, rules, declared: true);
            return reason == ActionReasonCode.None ? Offered(action) : Not(action, reason);
        }

        return [.. Actions.Select(action => action switch
        {
            UpgradeAction.ResumeUpgrade => When(action, status is UpgradeStatus.Configuring or UpgradeStatus.Upgrading),
            UpgradeAction.ResumeVerification => When(action, status == UpgradeStatus.Verifying),
            UpgradeAction.Cancel => When(action, status == UpgradeStatus.Configuring),
            UpgradeAction.Stop => status != UpgradeStatus.Upgrading ? Not(action, ActionReasonCode.StatusNotEligible)
                : StopWindowOpen(record, rules) ? Offered(action) : Not(action, ActionReasonCode.StopWindowClosed),
            UpgradeAction.ForceStop => status != UpgradeStatus.Upgrading ? Not(action, ActionReasonCode.StatusNotEligible)
                : !operatorQualified ? Not(action, ActionReasonCode.OperatorNotQualified)
                : rules.ForceStopNeedsApproval ? Not(action, ActionReasonCode.ApprovalRequired) : Offered(action),
            UpgradeAction.RequestForceStop => Governed(action, UpgradeOperation.RequestForceStop),
            UpgradeAction.ApproveForceStop => Governed(action, UpgradeOperation.ApproveForceStop),
            UpgradeAction.RejectForceStop => Governed(action, UpgradeOperation.RejectForceStop),
            UpgradeAction.WithdrawForceStop => Governed(action, UpgradeOperation.WithdrawForceStop),
            UpgradeAction.Complete => When(action, status == UpgradeStatus.Verifying),
            UpgradeAction.ViewLog => When(action, rules.ViewLogStatuses.Contains(status)),
            _ => throw new ArgumentOutOfRangeException(nameof(record), action, "An action the model does not know."),
        })];
    }

    /// <summary>The reason <paramref name="request"/> is refused for <paramref name="record"/>; none when it is permitted.</summary>
    /// <param name="record">The record.</param>
    /// <param name="request">The request.</param>
    /// <param name="operatorQualified">True when the operator is a qualified O&amp;M engineer.</param>
    /// <param name="rules">The host's rules.</param>
    public static ActionReasonCode Refusal(ModelRecord record, ModelRequest request, bool operatorQualified, ModelRules rules)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(rules);
        var status = record.Status;
        const ActionReasonCode None = ActionReasonCode.None;
        const ActionReasonCode Status = ActionReasonCode.StatusNotEligible;
        var maintenanceExit = record.MaintenanceModeOn ? None : ActionReasonCode.MaintenanceModeNotActive;
        var answer = (status, request.Operation) switch
        {
            (UpgradeStatus.Configuring, UpgradeOperation.Start or UpgradeOperation.SaveConfiguration or UpgradeOperation.ReportProgress
                or UpgradeOperation.ResumeUpgrade or UpgradeOperation.Cancel) => None,
            (UpgradeStatus.Upgrading, UpgradeOperation.CompleteSteps or UpgradeOperation.Fail or UpgradeOperation.ReportProgress
                or UpgradeOperation.ResumeUpgrade) => None,
            (UpgradeStatus.Upgrading, UpgradeOperation.Stop) => StopWindowOpen(record, rules) ? None : ActionReasonCode.StopWindowClosed,
            (UpgradeStatus.Upgrading, UpgradeOperation.ForceStop) =>
                !operatorQualified ? ActionReasonCode.OperatorNotQualified
                : rules.ForceStopNeedsApproval ? ActionReasonCode.ApprovalRequired
                : !request.DeclarationAccepted ? ActionReasonCode.DeclarationRequired
                : request.DeclaredResult is null ? ActionReasonCode.ForceStopResultRequired
                : None,
            (_, UpgradeOperation.RequestForceStop or UpgradeOperation.ApproveForceStop or UpgradeOperation.RejectForceStop
                or UpgradeOperation.WithdrawForceStop or UpgradeOperation.ExpireForceStopRequest) =>
                TwoPersonRefusal(record, request.Operation, request.Operator?.Id, operatorQualified, rules,
                    declared: request.DeclarationAccepted && request.DeclaredResult is not null, request.DeclarationAccepted),
            (UpgradeStatus.Verifying, UpgradeOperation.Complete or UpgradeOperation.ReportProgress or UpgradeOperation.ResumeVerification) => None,

            // Maintenance mode can be on only once the upgrade started; after a failure the host still reports its exit.
            (UpgradeStatus.Upgrading or UpgradeStatus.Verifying or UpgradeStatus.Failed, UpgradeOperation.ExitMaintenanceMode) => maintenanceExit,
            _ => Status,
        };

        // The reason is asked for once everything else allows the request; a force-stop request needs one when a force-stop does.
        return answer == None && request.Reason is null && UpgradeActions.TryFromOperation(request.Operation, out var action)
            && (rules.ReasonRequiredFor.Contains(action) || (action == UpgradeAction.RequestForceStop && rules.ReasonRequiredFor.Contains(UpgradeAction.ForceStop)))
            ? ActionReasonCode.ReasonRequired
            : answer;
    }

    /// <summary>
    /// The two-person rule for force-stopping, written out: who may request, approve, reject or withdraw, given the record's
    /// pending request; none when permitted. Without the rule none of these operations exists.
    /// </summary>
    /// <param name="record">The record, with its pending request.</param>
    /// <param name="operation">Request, approve, reject, withdraw or expire.</param>
    /// <param name="actor">The operator's id; null for the system.</param>
    /// <param name="operatorQualified">True when the operator is a qualified O&amp;M engineer.</param>
    /// <param name="rules">The host's rules.</param>
    /// <param name="declared">Request: a result was declared and the declaration accepted.</param>
    /// <param name="declarationAccepted">Request: the declaration was accepted (a missing one is said before a missing result).</param>
    public static ActionReasonCode TwoPersonRefusal(ModelRecord record, UpgradeOperation operation, string? actor, bool operatorQualified, ModelRules rules,
        bool declared, bool declarationAccepted = true)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(rules);
        if (record.Status != UpgradeStatus.Upgrading || !rules.ForceStopNeedsApproval)
        {
            return ActionReasonCode.StatusNotEligible;
        }

        var pending = record.PendingForceStop;
        var requester = pending is not null && actor is not null && pending.RequestedBy == actor;
        var creator = actor is not null && record.CreatedBy == actor;
        return operation switch
        {
            UpgradeOperation.RequestForceStop =>
                !operatorQualified ? ActionReasonCode.OperatorNotQualified
                : pending is not null ? ActionReasonCode.ForceStopRequestPending
                : !declarationAccepted ? ActionReasonCode.DeclarationRequired
                : !declared ? ActionReasonCode.ForceStopResultRequired
                : ActionReasonCode.None,
            UpgradeOperation.ApproveForceStop or UpgradeOperation.RejectForceStop =>
                !operatorQualified ? ActionReasonCode.OperatorNotQualified
                : pending is null ? ActionReasonCode.NoForceStopRequestPending
                : requester ? ActionReasonCode.RequesterCannotDecide
                : creator && !rules.CreatorMayApprove ? ActionReasonCode.CreatorCannotDecide
                : ActionReasonCode.None,
            UpgradeOperation.WithdrawForceStop =>
                pending is null ? ActionReasonCode.NoForceStopRequestPending
                : !requester ? ActionReasonCode.NotTheRequester
                : ActionReasonCode.None,
            UpgradeOperation.ExpireForceStopRequest => pending is null ? ActionReasonCode.NoForceStopRequestPending : ActionReasonCode.None,
            _ => throw new ArgumentOutOfRangeException(nameof(operation), operation, "Not an operation of the two-person rule."),
        };
    }

    /// <summary>What <paramref name="request"/> does to <paramref name="record"/> at <paramref name="now"/> under <paramref name="rules"/>.</summary>
    /// <param name="record">The record before.</param>
    /// <param name="request">The request.</param>
    /// <param name="operatorQualified">True when the operator is a qualified O&amp;M engineer.</param>
    /// <param name="now">The clock's reading when the request is decided.</param>
    /// <param name="rules">The host's rules.</param>
    public static ModelOutcome Decide(ModelRecord record, ModelRequest request, bool operatorQualified, Instant now, ModelRules rules)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(rules);
        var actor = request.Operator?.Id ?? AuditEntry.SystemActor;
        var options = OptionsOf(request);
        var reason = Refusal(record, request, operatorQualified, rules);
        if (reason != ActionReasonCode.None)
        {
            return new ModelOutcome
            {
                Verdict = ModelVerdict.Refused,
                Reason = reason,
                Record = record,
                Audit = new ModelAudit
                {
                    At = now,
                    Actor = actor,
                    Operation = request.Operation,
                    Outcome = AuditOutcome.Refused,
                    StatusBefore = record.Status,
                    StatusAfter = record.Status,
                    Reason = reason,
                    RecordVersion = record.Version,
                    Options = options,
                    OperatorReason = ReasonOf(request),
                },
            };
        }

        ModelAudit Accepted(UpgradeStatus? after, long version) =>
            new()
            {
                At = now,
                Actor = actor,
                Operation = request.Operation,
                Outcome = AuditOutcome.Accepted,
                StatusBefore = record.Status,
                StatusAfter = after,
                RecordVersion = version,
                Options = options,
                OperatorReason = ReasonOf(request),
            };

        if (request.Operation is UpgradeOperation.ResumeUpgrade or UpgradeOperation.ResumeVerification)
        {
            return new ModelOutcome { Verdict = ModelVerdict.Observed, Record = record, Audit = Accepted(record.Status, record.Version) };
        }

        if (request.Operation == UpgradeOperation.Cancel && !record.ConfigurationSaved && rules.RemoveCanceledWithoutConfiguration)
        {
            return new ModelOutcome { Verdict = ModelVerdict.Removed, Record = null, Audit = Accepted(null, record.Version) };
        }

        var v = record.Version + 1;
        var maintenanceEnd = record.MaintenanceModeOn ? now : record.MaintenanceEndedAt;
        (ModelRecord next, ModelNotification? notification) = request.Operation switch
        {
            UpgradeOperation.Start => (record with
            {
                Status = UpgradeStatus.Upgrading,
                Version = v,
                UpgradeStartedAt = now,
                MaintenanceStartedAt = record.Mode == UpgradeMode.Maintenance ? now : null,
            }, null),
            UpgradeOperation.SaveConfiguration => (record with { Version = v, ConfigurationFileName = request.ConfigurationFileName }, null),
            UpgradeOperation.ReportProgress => (record with
            {
                Version = v,
                ForceStopTaskRan = record.ForceStopTaskRan || request.ForceStopTaskRan,
                ApplicationShutdownStarted = record.ApplicationShutdownStarted || request.ApplicationShutdownStarted,
                CurrentStep = request.CurrentStep ?? record.CurrentStep,
            }, null),
            UpgradeOperation.CompleteSteps => (record with { Status = UpgradeStatus.Verifying, Version = v, StepsCompletedAt = now }, null),
            UpgradeOperation.Fail => (record with { Status = UpgradeStatus.Failed, Version = v, UpgradeEndedAt = now, FailureReason = request.FailureReason },
                new ModelNotification { Kind = ModelNotificationKind.Failed, OccurredAt = now, Reason = request.FailureReason }),
            UpgradeOperation.ExitMaintenanceMode => (record with { Version = v, MaintenanceEndedAt = now }, null),
            UpgradeOperation.Cancel => (record with { Status = UpgradeStatus.Canceled, Version = v }, null),
            UpgradeOperation.Stop => (record with
            {
                Status = UpgradeStatus.Stopped,
                Version = v,
                UpgradeEndedAt = now,
                MaintenanceEndedAt = maintenanceEnd,
                RerunForceStoppedInstances = request.RerunForceStoppedInstances,
            }, new ModelNotification
            {
                Kind = ModelNotificationKind.Stopped,
                OccurredAt = now,
                RerunForceStoppedInstances = request.RerunForceStoppedInstances,
                ExitMaintenanceMode = record.Mode == UpgradeMode.Maintenance,
                OperatorReason = request.Reason,
            }),
            UpgradeOperation.ForceStop => (record with
            {
                Status = request.DeclaredResult == ForceStopResult.Succeeded ? UpgradeStatus.ForceStoppedSucceeded : UpgradeStatus.ForceStoppedFailed,
                Version = v,
                UpgradeEndedAt = now,
                ForceStopResult = request.DeclaredResult,
            }, new ModelNotification { Kind = ModelNotificationKind.ForceStopped, OccurredAt = now, Result = request.DeclaredResult, OperatorReason = request.Reason }),
            UpgradeOperation.Complete => (record with { Status = UpgradeStatus.Succeeded, Version = v, UpgradeEndedAt = now, MaintenanceEndedAt = maintenanceEnd },
                new ModelNotification { Kind = ModelNotificationKind.Completed, OccurredAt = now }),
            _ => throw new ArgumentOutOfRangeException(nameof(request), request.Operation, "Not a request of a history."),
        };

        if (EndsBeforeStart(next.UpgradeStartedAt, next.UpgradeEndedAt) || EndsBeforeStart(next.MaintenanceStartedAt, next.MaintenanceEndedAt)
            || EndsBeforeStart(next.UpgradeStartedAt, next.StepsCompletedAt) || EndsBeforeStart(next.StepsCompletedAt, next.UpgradeEndedAt))
        {
            return new ModelOutcome { Verdict = ModelVerdict.ImpossibleTime, Record = record };
        }

        return new ModelOutcome
        {
            Verdict = ModelVerdict.Changed,
            Record = next,
            Audit = Accepted(next.Status, next.Version),
            Notifications = notification is null ? [] : [notification],
        };
    }

    /// <summary>The options of a request as its audit entry records them, as sorted <c>key=value</c> pairs.</summary>
    /// <param name="request">The request.</param>
    public static string OptionsOf(ModelRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        static string Flag(bool value) => value ? "true" : "false";
        var options = new Dictionary<string, string>();
        switch (request.Operation)
        {
            case UpgradeOperation.Stop:
                options["rerunForceStoppedInstances"] = Flag(request.RerunForceStoppedInstances);
                break;
            case UpgradeOperation.ForceStop:
                options["result"] = request.DeclaredResult?.ToString() ?? "none";
                options["declarationAccepted"] = Flag(request.DeclarationAccepted);
                break;
            case UpgradeOperation.SaveConfiguration:
                options["fileName"] = request.ConfigurationFileName;
                options["bytes"] = request.ConfigurationLength.ToString(CultureInfo.InvariantCulture);
                break;
            case UpgradeOperation.ReportProgress:
                if (request.ForceStopTaskRan) options["forceStopTaskRan"] = "true";
                if (request.ApplicationShutdownStarted) options["applicationShutdownStarted"] = "true";
                if (request.CurrentStep is { } step) options["currentStep"] = step;
                break;
            case UpgradeOperation.Fail when request.FailureReason is { } failure:
                options["reason"] = failure;
                break;
        }

        return ModelAudit.OptionsText(options);
    }

    // Only the operations that take a reason record one.
    private static string? ReasonOf(ModelRequest request) =>
        request.Operation is UpgradeOperation.Stop or UpgradeOperation.ForceStop or UpgradeOperation.Cancel ? request.Reason : null;

    private static bool EndsBeforeStart(Instant? start, Instant? end) => start is { } s && end is { } e && e < s;

    private static ModelOffer When(UpgradeAction action, bool offered) => offered ? Offered(action) : Not(action, ActionReasonCode.StatusNotEligible);

    private static ModelOffer Offered(UpgradeAction action) => new(action, true, ActionReasonCode.None);

    private static ModelOffer Not(UpgradeAction action, ActionReasonCode reason) => new(action, false, reason);
}
