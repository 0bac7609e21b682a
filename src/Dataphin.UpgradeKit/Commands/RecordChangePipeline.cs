using System.Diagnostics.Metrics;
using Dataphin.UpgradeKit.Actions;
using Dataphin.UpgradeKit.Auditing;
using Dataphin.UpgradeKit.Delivery;
using Dataphin.UpgradeKit.Diagnostics;
using Dataphin.UpgradeKit.Display;
using Dataphin.UpgradeKit.Internal;
using Dataphin.UpgradeKit.Lifecycle;
using Dataphin.UpgradeKit.Operators;
using Dataphin.UpgradeKit.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NodaTime;

namespace Dataphin.UpgradeKit.Commands;

/// <summary>
/// Load, decide, store, audit: every change an operator or the host asks for goes through here. The lifecycle decides
/// (a pure step, SPEC §3); the change is stored with optimistic concurrency together with its audit entry and
/// notifications; the dispatcher of the same store is then woken, never waited for, so a stored change is never
/// reported as failed (R-HOST-1, R-DLV-1). Used by <see cref="UpgradeCommands"/>, <see cref="UpgradeHostReports"/> and
/// the audited reads of UpgradeQueries (View log, download). Thread-safe.
/// </summary>
internal sealed class RecordChangePipeline
{
    private readonly ILogger _logger;

    public RecordChangePipeline(IUpgradeStore store, IClock clock, UpgradeKitOptions? options, IOperatorQualification? qualification,
        UpgradeKitTexts? texts, ILogger? logger, IMeterFactory? meterFactory)
    {
        Store = Guard.NotNull(store);
        Clock = Guard.NotNull(clock);
        Options = options ?? new UpgradeKitOptions();
        Options.Validate();
        Qualification = qualification ?? new RoleOperatorQualification(Options.QualifiedOperatorRole);
        Lifecycle = new UpgradeLifecycle(LifecycleRules.From(Options.Rules), Options.Rules.ReasonRequiredFor);
        Texts = texts ?? UpgradeKitTexts.Default;
        _logger = logger ?? NullLogger.Instance;
        Telemetry = new UpgradeKitTelemetry(meterFactory);
        Signal = DeliverySignal.For(store);
    }

    public IUpgradeStore Store { get; }

    public IClock Clock { get; }

    public UpgradeKitOptions Options { get; }

    public IOperatorQualification Qualification { get; }

    public UpgradeLifecycle Lifecycle { get; }

    public UpgradeKitTexts Texts { get; }

    public UpgradeKitTelemetry Telemetry { get; }

    public ILogger Logger => _logger;

    /// <summary>The wake-up call of the dispatcher that delivers this store's outbox.</summary>
    public DeliverySignal Signal { get; }

    /// <summary>The default policy for these rules, qualification and texts.</summary>
    public IActionEligibilityPolicy DefaultPolicy() => new ActionEligibilityPolicy(Qualification, Options.Rules, Texts);

    /// <summary>
    /// Loads the record, lets the lifecycle decide, and stores the outcome. A refused or conflicting request is
    /// audited and thrown; nothing else changes (R-SM-2).
    /// </summary>
    public async Task<LifecycleResult> ExecuteAsync(UpgradeRecordId id, LifecycleRequest request, long? expectedVersion, CancellationToken cancellationToken)
    {
        Guard.NotDefault(id);
        using var activity = UpgradeKitTelemetry.StartOperation(request.Operation, id, request.Operator is not null);
        var retries = request.Operator is null ? Options.SystemChangeRetries : 0;
        for (var attempt = 0; ; attempt++)
        {
            var record = await Store.FindAsync(id, cancellationToken).ConfigureAwait(false);
            if (record is null)
            {
                // An operator who acted on a version of a record that a concurrent cancel has since removed lost a race.
                if (expectedVersion is { } seen)
                {
                    Telemetry.Conflict(request.Operation, activity);
                    await Store.AppendAsync(new AuditEntry(id, Clock.GetCurrentInstant(), request.Actor, request.Operation, AuditOutcome.Refused,
                        null, null, ActionReasonCode.ConcurrencyConflict, seen, AuditEntry.NoOptions), cancellationToken).ConfigureAwait(false);
                    Log.ConcurrencyConflict(_logger, request.Operation, id, request.Actor, seen);
                    throw new ConcurrencyConflictException(id, seen, null);
                }

                throw new UpgradeRecordNotFoundException(id);
            }

            if (expectedVersion is { } expected && record.Version != expected)
            {
                Telemetry.Conflict(request.Operation, activity);
                throw await ConflictAsync(record, request, expected, cancellationToken).ConfigureAwait(false);
            }

            var now = Clock.GetCurrentInstant();
            var result = Lifecycle.Apply(record, await WithForceStopRequestAsync(record, request, now, cancellationToken).ConfigureAwait(false), now);
            if (result.Effect == LifecycleEffect.Refused)
            {
                Telemetry.Refused(request.Operation, result.Reason, activity);
            }

            try
            {
                await StoreAsync(record, result, cancellationToken, request.Configuration).ConfigureAwait(false);
            }
            catch (ConcurrencyConflictException) when (attempt < retries)
            {
                Log.RetryingSystemChange(_logger, id, request.Operation, attempt + 1);
                continue;
            }
            catch (ConcurrencyConflictException)
            {
                Telemetry.Conflict(request.Operation, activity);
                throw await ConflictAsync(record, request, record.Version, cancellationToken).ConfigureAwait(false);
            }

            Telemetry.Accepted(request.Operation, record, result.Record, activity);
            if (result.Notifications.Count > 0)
            {
                // Cannot fail: the change is committed, the dispatcher only needs waking.
                Signal.Set();
            }

            return result;
        }
    }

    /// <summary>
    /// Stores what the lifecycle decided; a refusal is audited, logged and thrown. A configuration being saved travels
    /// with the change, so the store writes its content in the change's transaction.
    /// </summary>
    public async Task StoreAsync(UpgradeRecord before, LifecycleResult result, CancellationToken cancellationToken, ConfigurationFile? saved = null)
    {
        var audit = result.Audit;
        switch (result.Effect)
        {
            case LifecycleEffect.Refused:
                await Store.AppendAsync(audit, cancellationToken).ConfigureAwait(false);
                Log.OperationRefused(_logger, audit.Operation, before.Id, audit.Actor, before.Status, audit.Reason);
                throw new OperationNotPermittedException(before.Id, before.Status, audit.Operation, audit.Reason,
                    Texts.Reason(audit.Reason, audit.Operation, before.Status, TextCatalog.DefaultCulture, Lifecycle.Table));
            case LifecycleEffect.Observed:
                await Store.AppendAsync(audit, cancellationToken).ConfigureAwait(false);
                break;
            case LifecycleEffect.Changed:
                await Store.UpdateAsync(result.Record, before.Version,
                    new RecordChange(audit, result.Notifications) { Configuration = saved, ForceStopRequest = result.ForceStopRequest },
                    cancellationToken).ConfigureAwait(false);
                break;
            case LifecycleEffect.Removed:
                await Store.DeleteAsync(before.Id, before.Version, new RecordChange(audit, result.Notifications), cancellationToken).ConfigureAwait(false);
                Log.RecordRemoved(_logger, before.Id);
                break;
            default:
                throw new InvalidOperationException($"Unknown lifecycle effect {result.Effect}.");
        }

        Log.OperationAccepted(_logger, audit.Operation, before.Id, audit.Actor, before.Status, audit.StatusAfter);
    }

    // R-GOV-2: the operations whose decision or effect depends on the record's pending force-stop request. Others (progress
    // reports above all) do not read it: a request exists only while the record is upgrading, and every change to it bumps
    // the record's version, so a stale read loses the record's compare-and-set.
    private static bool ReadsForceStopRequest(UpgradeOperation operation) => operation is UpgradeOperation.Stop or UpgradeOperation.Fail
        or UpgradeOperation.CompleteSteps or UpgradeOperation.ForceStop or UpgradeOperation.RequestForceStop or UpgradeOperation.ApproveForceStop
        or UpgradeOperation.RejectForceStop or UpgradeOperation.WithdrawForceStop or UpgradeOperation.ExpireForceStopRequest;

    private async ValueTask<LifecycleRequest> WithForceStopRequestAsync(UpgradeRecord record, LifecycleRequest request, Instant now,
        CancellationToken cancellationToken)
    {
        if (record.Status != UpgradeStatus.Upgrading || !ReadsForceStopRequest(request.Operation) || Store is not IForceStopRequestStore requests)
        {
            return request;
        }

        var pending = await requests.FindPendingForceStopRequestAsync(record.Id, cancellationToken).ConfigureAwait(false);

        // A decision about a request other than the one the operator saw lost a race: a conflict, not a decision.
        if (pending is not null && request.Decision?.RequestId is { } seen && seen != pending.Id)
        {
            throw await ConflictAsync(record, request, record.Version, cancellationToken).ConfigureAwait(false);
        }

        // A request whose time is up is no longer there to decide, even before the expiry check has closed it.
        if (pending is not null && pending.ExpiresAt <= now && request.Operation is UpgradeOperation.ApproveForceStop
            or UpgradeOperation.RejectForceStop or UpgradeOperation.WithdrawForceStop)
        {
            pending = null;
        }

        return request with
        {
            PendingForceStop = pending,
            NewRequestId = request.Operation == UpgradeOperation.RequestForceStop ? TimeOrderedIds.NewGuid(now) : default,
            NewRequestExpiresAt = now + Options.Approval.Expiry,
        };
    }

    public LifecycleRequest OperatorRequest(UpgradeOperation operation, OperatorIdentity actor) =>
        new(operation, Guard.NotNull(actor)) { OperatorQualified = Qualification.IsQualifiedOmEngineer(actor) };

    public static LifecycleRequest SystemRequest(UpgradeOperation operation) => new(operation, null);

    /// <summary>Audits a request that lost to a concurrent change and returns the error to throw.</summary>
    private async Task<ConcurrencyConflictException> ConflictAsync(UpgradeRecord record, LifecycleRequest request, long expectedVersion, CancellationToken cancellationToken)
    {
        var current = await Store.FindAsync(record.Id, cancellationToken).ConfigureAwait(false);
        var entry = new AuditEntry(record.Id, Clock.GetCurrentInstant(), request.Actor, request.Operation, AuditOutcome.Refused,
            current?.Status ?? record.Status, current?.Status ?? record.Status, ActionReasonCode.ConcurrencyConflict,
            current?.Version ?? record.Version, AuditEntry.NoOptions);
        await Store.AppendAsync(entry, cancellationToken).ConfigureAwait(false);
        Log.ConcurrencyConflict(_logger, request.Operation, record.Id, request.Actor, expectedVersion);
        return new ConcurrencyConflictException(record.Id, expectedVersion, current?.Version);
    }
}
