using Dataphin.UpgradeKit.Commands;
using Dataphin.UpgradeKit.Internal;
using Dataphin.UpgradeKit.Lifecycle;
using Dataphin.UpgradeKit.Operators;
using Dataphin.UpgradeKit.Storage;

namespace Dataphin.UpgradeKit.Governance;

// R-GOV-2: the two-person rule for force-stopping.
/// <summary>
/// The two-person rule for force-stopping an upgrade: a qualified operator asks, a different qualified operator approves
/// or rejects, the requester may withdraw, and a request nobody decides in time expires. Each step changes the record
/// (its version moves), is decided by the same rules as every other action, and is audited and notified like them.
/// Thread-safe; one instance per <see cref="UpgradeCommands"/> is enough.
/// </summary>
public sealed class ForceStopApprovals
{
    private readonly RecordChangePipeline _pipeline;

    /// <summary>The two-person rule's steps over the record changes of <paramref name="commands"/> (same store, clock, rules and texts).</summary>
    /// <param name="commands">The commands whose store, rules, qualification and texts the steps use.</param>
    /// <exception cref="ArgumentNullException"><paramref name="commands"/> is null.</exception>
    public ForceStopApprovals(UpgradeCommands commands)
    {
        _pipeline = Guard.NotNull(commands).Pipeline;
    }

    /// <summary>
    /// Asks for a force-stop that a different qualified operator must approve (when the host's rules ask for the two-person rule):
    /// records the declared result, the declaration word for word and the reason as the record's pending request. The
    /// record stays Upgrading; the request expires unless decided in time.
    /// </summary>
    /// <param name="id">The record.</param>
    /// <param name="actor">The qualified O&amp;M engineer asking.</param>
    /// <param name="request">The declared result, the declaration and the reason, as for a force-stop.</param>
    /// <param name="expectedVersion">The record's version the operator saw; null to skip the check.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The pending request.</returns>
    /// <exception cref="UpgradeRecordNotFoundException">No such record.</exception>
    /// <exception cref="ArgumentException">The declaration was accepted but its text is missing, or a part is empty or too long.</exception>
    /// <exception cref="OperationNotPermittedException">
    /// Not Upgrading, the operator is not qualified, a request is already pending, no declaration, no result, no reason
    /// while the host requires one, or the host does not use the two-person rule; the reason code says which.
    /// </exception>
    /// <exception cref="ConcurrencyConflictException">The record changed since <paramref name="expectedVersion"/> or concurrently.</exception>
    public async Task<ForceStopApprovalRequest> RequestAsync(UpgradeRecordId id, OperatorIdentity actor, ForceStopRequest request,
        long? expectedVersion = null, CancellationToken cancellationToken = default)
    {
        Guard.NotNull(request);
        if (request.Result is { } result)
        {
            Guard.Defined(result);
        }

        if (request.DeclarationAccepted && request.Declaration is null)
        {
            throw new ArgumentException("A force-stop request records the declaration the operator accepted: give its text.", nameof(request));
        }

        request.Declaration?.Validated();
        expectedVersion = await CloseExpiredRequestAsync(id, expectedVersion, cancellationToken).ConfigureAwait(false);
        var lifecycleRequest = _pipeline.OperatorRequest(UpgradeOperation.RequestForceStop, actor) with { ForceStop = request };
        var outcome = await _pipeline.ExecuteAsync(id, lifecycleRequest, expectedVersion, cancellationToken).ConfigureAwait(false);
        return outcome.ForceStopRequest?.Opened ?? throw new InvalidOperationException("An accepted force-stop request opens a request.");
    }

    /// <summary>
    /// Approves the record's pending force-stop request: the upgrade is force-stopped with the requester's declared
    /// result, in the same transaction that closes the request. Only a qualified operator other than the requester
    /// (and, when <see cref="LifecycleRuleOptions.CreatorMayApprove"/> is false, other than the upgrade's creator) may.
    /// </summary>
    /// <param name="id">The record.</param>
    /// <param name="actor">The approving operator.</param>
    /// <param name="decision">The request the operator saw, and an optional reason; null for neither.</param>
    /// <param name="expectedVersion">The record's version the operator saw; null to skip the check.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The force-stopped record.</returns>
    /// <exception cref="UpgradeRecordNotFoundException">No such record.</exception>
    /// <exception cref="OperationNotPermittedException">
    /// Not Upgrading, nothing pending, the operator is not qualified, is the requester or is the excluded creator.
    /// </exception>
    /// <exception cref="ConcurrencyConflictException">The record or its request changed concurrently, or another request is pending than the one named.</exception>
    public async Task<UpgradeRecord> ApproveAsync(UpgradeRecordId id, OperatorIdentity actor, ForceStopDecision? decision = null,
        long? expectedVersion = null, CancellationToken cancellationToken = default) =>
        (await DecideAsync(UpgradeOperation.ApproveForceStop, id, actor, decision, expectedVersion, cancellationToken).ConfigureAwait(false)).Record;

    /// <summary>Rejects the record's pending force-stop request; the upgrade goes on. The same operators as for approval may.</summary>
    /// <param name="id">The record.</param>
    /// <param name="actor">The rejecting operator.</param>
    /// <param name="decision">The request the operator saw, and an optional reason; null for neither.</param>
    /// <param name="expectedVersion">The record's version the operator saw; null to skip the check.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The record, still Upgrading.</returns>
    /// <exception cref="UpgradeRecordNotFoundException">No such record.</exception>
    /// <exception cref="OperationNotPermittedException">Not Upgrading, nothing pending, or the operator may not decide.</exception>
    /// <exception cref="ConcurrencyConflictException">The record or its request changed concurrently, or another request is pending than the one named.</exception>
    public async Task<UpgradeRecord> RejectAsync(UpgradeRecordId id, OperatorIdentity actor, ForceStopDecision? decision = null,
        long? expectedVersion = null, CancellationToken cancellationToken = default) =>
        (await DecideAsync(UpgradeOperation.RejectForceStop, id, actor, decision, expectedVersion, cancellationToken).ConfigureAwait(false)).Record;

    /// <summary>Withdraws the record's pending force-stop request; only the operator who made it may.</summary>
    /// <param name="id">The record.</param>
    /// <param name="actor">The requester.</param>
    /// <param name="decision">The request the operator saw, and an optional reason; null for neither.</param>
    /// <param name="expectedVersion">The record's version the operator saw; null to skip the check.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The record, still Upgrading.</returns>
    /// <exception cref="UpgradeRecordNotFoundException">No such record.</exception>
    /// <exception cref="OperationNotPermittedException">Not Upgrading, nothing pending, or the operator did not make the request.</exception>
    /// <exception cref="ConcurrencyConflictException">The record or its request changed concurrently, or another request is pending than the one named.</exception>
    public async Task<UpgradeRecord> WithdrawAsync(UpgradeRecordId id, OperatorIdentity actor, ForceStopDecision? decision = null,
        long? expectedVersion = null, CancellationToken cancellationToken = default) =>
        (await DecideAsync(UpgradeOperation.WithdrawForceStop, id, actor, decision, expectedVersion, cancellationToken).ConfigureAwait(false)).Record;

    /// <summary>The system closes <paramref name="requestId"/> as expired; refused when it is no longer the record's pending request.</summary>
    internal Task<LifecycleResult> ExpireAsync(UpgradeRecordId id, Guid requestId, CancellationToken cancellationToken) =>
        _pipeline.ExecuteAsync(id, RecordChangePipeline.SystemRequest(UpgradeOperation.ExpireForceStopRequest) with { Decision = new ForceStopDecision { RequestId = requestId } },
            null, cancellationToken);

    /// <summary>
    /// Closes the record's pending request as expired when its time is up and the expiry check has not closed it yet:
    /// such a request is shown as gone (no one may decide it), so a new request is offered, and it must not then be
    /// refused as "already pending". The expiry is the check's own change (audited and notified as expired). Returns the
    /// version the new request expects: the one after the expiry when the operator saw the record just before it.
    /// </summary>
    private async Task<long?> CloseExpiredRequestAsync(UpgradeRecordId id, long? expectedVersion, CancellationToken cancellationToken)
    {
        if (!_pipeline.Options.Rules.ForceStopNeedsApproval || _pipeline.Store is not IForceStopRequestStore requests)
        {
            return expectedVersion;
        }

        var pending = await requests.FindPendingForceStopRequestAsync(id, cancellationToken).ConfigureAwait(false);
        if (pending is null || pending.ExpiresAt > _pipeline.Clock.GetCurrentInstant())
        {
            return expectedVersion;
        }

        var seen = await _pipeline.Store.FindAsync(id, cancellationToken).ConfigureAwait(false);
        if (seen is null || (expectedVersion is { } expected && expected != seen.Version))
        {
            // Gone, or the operator saw an older version: the request itself reports it.
            return expectedVersion;
        }

        try
        {
            var closed = await ExpireAsync(id, pending.Id, cancellationToken).ConfigureAwait(false);
            return expectedVersion is null ? null : closed.Record.Version;
        }
        catch (Exception ex) when (ex is OperationNotPermittedException or ConcurrencyConflictException)
        {
            // Closed (or the record changed) concurrently, by an expiry check on this or another instance: the request
            // goes on as the operator sent it, and a version that moved is reported as a conflict as usual.
            return expectedVersion;
        }
    }

    private Task<LifecycleResult> DecideAsync(UpgradeOperation operation, UpgradeRecordId id, OperatorIdentity actor, ForceStopDecision? decision,
        long? expectedVersion, CancellationToken cancellationToken)
    {
        var request = _pipeline.OperatorRequest(operation, actor) with { Decision = decision };
        return _pipeline.ExecuteAsync(id, request, expectedVersion, cancellationToken);
    }
}
