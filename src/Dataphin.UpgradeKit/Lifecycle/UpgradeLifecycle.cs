using Dataphin.UpgradeKit.Auditing;
using Dataphin.UpgradeKit.Internal;
using Dataphin.UpgradeKit.Storage;
using NodaTime;

namespace Dataphin.UpgradeKit.Lifecycle;

/// <summary>
/// Decides a request with the machine's compiled answer (<see cref="LifecycleTable"/>) and puts together what follows:
/// the new snapshot (<see cref="LifecycleEffects"/>), its audit entry (<see cref="LifecycleAuditOptions"/>) and its
/// notifications (<see cref="LifecycleNotifications"/>). Knows no display text. Thread-safe.
/// </summary>
internal sealed class UpgradeLifecycle
{
    /// <summary>The lifecycle of <paramref name="rules"/>; its table is shared by everyone with the same rules.</summary>
    /// <param name="rules">The host's lifecycle rules.</param>
    /// <param name="reasonRequiredFor">
    /// The operations refused without an operator's reason (R-GOV-1); Force-stop when null. Not part of the compiled
    /// table: a reason is an argument of the request, checked once the machine has permitted it.
    /// </param>
    public UpgradeLifecycle(LifecycleRules rules, IEnumerable<UpgradeAction>? reasonRequiredFor = null)
    {
        Table = LifecycleTable.For(rules);
        foreach (var action in reasonRequiredFor ?? LifecycleRuleOptions.DefaultReasonRequiredFor)
        {
            _reasonRequired |= 1UL << EnumOrdinals<UpgradeOperation>.Of(action.ToOperation());
        }
    }

    private readonly ulong _reasonRequired;

    /// <summary>True when <paramref name="operation"/> is refused without an operator's reason.</summary>
    public bool RequiresReason(UpgradeOperation operation) =>
        (_reasonRequired & (1UL << EnumOrdinals<UpgradeOperation>.Of(operation == UpgradeOperation.RequestForceStop ? UpgradeOperation.ForceStop : operation))) != 0;

    /// <summary>The lifecycle of the spec's decisions.</summary>
    public static UpgradeLifecycle Default { get; } = new(LifecycleRules.Default);

    /// <summary>The compiled answers this lifecycle decides with; the eligibility policy of the same rules reads it too.</summary>
    public LifecycleTable Table { get; }

    /// <summary>
    /// Decides <paramref name="request"/> for <paramref name="record"/> at <paramref name="now"/> and computes the
    /// result. Pure: it reads no clock and writes nothing.
    /// </summary>
    /// <exception cref="ImpossibleTimeException">The change would end a span before it started (R-TIME-2).</exception>
    public LifecycleResult Apply(UpgradeRecord record, LifecycleRequest request, Instant now)
    {
        var facts = LifecycleFacts.Of(record, request);
        var decision = Table.Decide(record.Status, request.Operation, facts);

        // R-GOV-1: the reason is checked after the machine's guards, so a request the status or the operator's
        // qualification refuses is refused for that first; the same order the guards' reasons follow.
        if (decision.IsPermitted && request.Reason is null && RequiresReason(request.Operation))
        {
            decision = new LifecycleDecision(false, record.Status, ActionReasonCode.ReasonRequired);
        }

        if (!decision.IsPermitted)
        {
            return new LifecycleResult(LifecycleEffect.Refused, record,
                Audit(record, request, now, AuditOutcome.Refused, record.Status, decision.Reason, record.Version), []);
        }

        var next = LifecycleEffects.Apply(record, request, decision, now);
        if (next is null)
        {
            var effect = decision.RemovesRecord ? LifecycleEffect.Removed : LifecycleEffect.Observed;
            var after = decision.RemovesRecord ? (UpgradeStatus?)null : record.Status;
            return new LifecycleResult(effect, record, Audit(record, request, now, AuditOutcome.Accepted, after, ActionReasonCode.None, record.Version), []);
        }

        LifecycleEffects.CheckSpans(next);
        return new LifecycleResult(LifecycleEffect.Changed, next,
            Audit(record, request, now, AuditOutcome.Accepted, next.Status, ActionReasonCode.None, next.Version),
            LifecycleNotifications.Of(next, request, now))
        {
            ForceStopRequest = RequestChange(record, next, request, now),
        };
    }

    // R-GOV-2: what an accepted change does to the record's force-stop request. A request leaves with the upgrading
    // status: a change that ends the upgrade otherwise (stop, failure, steps completed) closes it as superseded.
    private static ForceStopRequestChange? RequestChange(UpgradeRecord record, UpgradeRecord next, LifecycleRequest request, Instant now)
    {
        var pending = request.PendingForceStop;
        return request.Operation switch
        {
            UpgradeOperation.RequestForceStop => ForceStopRequestChange.Open(new ForceStopApprovalRequest
            {
                Id = request.NewRequestId,
                RecordId = record.Id,
                State = ForceStopRequestState.Pending,
                Result = request.ForceStop!.Result!.Value,
                Declaration = request.ForceStop.Declaration ?? throw new InvalidOperationException("A force-stop request carries its declaration."),
                Reason = request.Reason?.Text,
                RequestedBy = request.Actor,
                RequestedAt = now,
                ExpiresAt = request.NewRequestExpiresAt,
            }),
            UpgradeOperation.ApproveForceStop => Close(ForceStopRequestState.Approved),
            UpgradeOperation.RejectForceStop => Close(ForceStopRequestState.Rejected),
            UpgradeOperation.WithdrawForceStop => Close(ForceStopRequestState.Withdrawn),
            UpgradeOperation.ExpireForceStopRequest => Close(ForceStopRequestState.Expired),
            _ when pending is not null && next.Status != record.Status => Close(ForceStopRequestState.Superseded),
            _ => null,
        };

        ForceStopRequestChange Close(ForceStopRequestState state) =>
            ForceStopRequestChange.Close(pending!.Id, state, request.Actor, now, request.Reason?.Text);
    }

    /// <summary>True when the record's configuration may be downloaded now (SPEC §7): the View Log panel shows the link.</summary>
    public bool IsDownloadable(UpgradeRecord record) =>
        Table.Decide(record.Status, UpgradeOperation.DownloadConfiguration, LifecycleFacts.Of(record, operatorQualified: false, forceStop: null)).IsPermitted;

    private static AuditEntry Audit(UpgradeRecord record, LifecycleRequest request, Instant now, AuditOutcome outcome,
        UpgradeStatus? after, ActionReasonCode reason, long version) =>
        new()
        {
            RecordId = record.Id,
            At = now,
            Actor = request.Actor,
            Operation = request.Operation,
            Outcome = outcome,
            StatusBefore = record.Status,
            StatusAfter = after,
            Reason = reason,
            RecordVersion = version,
            Options = LifecycleAuditOptions.Of(request),
            OperatorReason = request.Reason?.Text,
            Declaration = request.Operation switch
            {
                UpgradeOperation.ForceStop or UpgradeOperation.RequestForceStop => request.ForceStop?.Declaration,
                UpgradeOperation.ApproveForceStop => request.PendingForceStop?.Declaration,
                _ => null,
            },
        };
}
