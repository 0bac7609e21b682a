using Dataphin.UpgradeKit.Actions;
using Dataphin.UpgradeKit.Auditing;
using Dataphin.UpgradeKit.Diagnostics;
using Dataphin.UpgradeKit.Display;
using Dataphin.UpgradeKit.Internal;
using Dataphin.UpgradeKit.Lifecycle;
using Dataphin.UpgradeKit.Notifications;
using Dataphin.UpgradeKit.Operators;
using Dataphin.UpgradeKit.Storage;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NodaTime;

namespace Dataphin.UpgradeKit.Service;

/// <summary>
/// The host's entry point to upgrade records: operator actions, what the host reports, and queries. Every
/// change is decided by the lifecycle (SPEC §3), stored with optimistic concurrency together with its audit entry
/// and notifications; the notifications are then delivered by the dispatcher, never by the operation, so a stored change
/// is never reported as failed (R-HOST-1, R-DLV-1). Thread-safe; register it as a singleton.
/// </summary>
public sealed partial class UpgradeRecordService
{
    private readonly IUpgradeStore _store;
    private readonly IClock _clock;
    private readonly IOperatorQualification _qualification;
    private readonly IActionEligibilityPolicy _policy;
    private readonly UpgradeLifecycle _lifecycle;
    private readonly IUpgradeNotificationHandler? _notificationHandler;
    private readonly UpgradeKitOptions _options;
    private readonly ILogger _logger;
    private readonly UpgradeKitTelemetry _telemetry;
    private readonly UpgradeKitTexts _texts;

    /// <summary>Creates the service.</summary>
    /// <param name="store">Where records, audit trail and notifications live.</param>
    /// <param name="clock">The source of every time the SDK records.</param>
    /// <param name="qualification">Who may force-stop; a <see cref="RoleOperatorQualification"/> for <see cref="UpgradeKitOptions.QualifiedOperatorRole"/> when null.</param>
    /// <param name="notificationHandler">
    /// The host's handler, called by the hosted dispatcher (<c>AddUpgradeKit()</c>) or by
    /// <see cref="DeliverPendingNotificationsAsync"/>; without one, notifications stay pending in the outbox.
    /// </param>
    /// <param name="options">Settings; defaults when null. Validated here.</param>
    /// <param name="logger">Where to log; nothing is logged when null.</param>
    /// <param name="meterFactory">Creates the SDK's meter (<see cref="UpgradeKitDiagnostics.MeterName"/>); a shared meter when null.</param>
    /// <param name="policy">
    /// The policy the service answers with (<see cref="Policy"/>, the list's actions, <see cref="GetAvailableActionsAsync"/>);
    /// an <see cref="ActionEligibilityPolicy"/> for <paramref name="qualification"/> and <see cref="UpgradeKitOptions.Rules"/>
    /// when null (R-RULE-2). A host's policy decides what the list shows; what the service accepts stays the lifecycle's,
    /// under the same rules, so a host policy must not offer what the default one does not (see <see cref="ActionEligibilityPolicy"/>).
    /// </param>
    /// <param name="texts">
    /// Where display names and sentences come from (<see cref="Texts"/>): the host's localizer over the SDK's own texts;
    /// the SDK's own (<see cref="UpgradeKitTexts.Default"/>) when null. Also given to the default policy.
    /// </param>
    /// <exception cref="ArgumentNullException"><paramref name="store"/> or <paramref name="clock"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="options"/> are invalid.</exception>
    public UpgradeRecordService(
        IUpgradeStore store,
        IClock clock,
        IOperatorQualification? qualification = null,
        IUpgradeNotificationHandler? notificationHandler = null,
        UpgradeKitOptions? options = null,
        ILogger<UpgradeRecordService>? logger = null,
        IMeterFactory? meterFactory = null,
        IActionEligibilityPolicy? policy = null,
        UpgradeKitTexts? texts = null)
    {
        _store = Guard.NotNull(store);
        _clock = Guard.NotNull(clock);
        _options = options ?? new UpgradeKitOptions();
        _options.Validate();
        _qualification = qualification ?? new RoleOperatorQualification(_options.QualifiedOperatorRole);
        _lifecycle = new UpgradeLifecycle(LifecycleRules.From(_options.Rules));
        _texts = texts ?? UpgradeKitTexts.Default;
        _policy = policy ?? new ActionEligibilityPolicy(_qualification, _options.Rules, _texts);
        _notificationHandler = notificationHandler;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _telemetry = new UpgradeKitTelemetry(meterFactory);
    }

    /// <summary>The eligibility policy the service answers with: the host's when one was given (R-RULE-2).</summary>
    public IActionEligibilityPolicy Policy => _policy;

    /// <summary>Where the projections' names and sentences come from: the host's texts when they were given.</summary>
    public UpgradeKitTexts Texts => _texts;

    /// <summary>
    /// Loads the record, lets the lifecycle decide, and stores the outcome. A refused or conflicting request is
    /// audited and thrown; nothing else changes (R-SM-2).
    /// </summary>
    private async Task<LifecycleResult> ExecuteAsync(UpgradeRecordId id, LifecycleRequest request, long? expectedVersion, CancellationToken cancellationToken)
    {
        Guard.NotDefault(id);
        using var activity = UpgradeKitTelemetry.StartOperation(request.Operation, id, request.Operator is not null);
        var retries = request.Operator is null ? _options.SystemChangeRetries : 0;
        for (var attempt = 0; ; attempt++)
        {
            var record = await _store.FindAsync(id, cancellationToken).ConfigureAwait(false);
            if (record is null)
            {
                // An operator who acted on a version of a record that a concurrent cancel has since removed lost a race.
                if (expectedVersion is { } seen)
                {
                    _telemetry.Conflict(request.Operation, activity);
                    await _store.AppendAsync(new AuditEntry(id, _clock.GetCurrentInstant(), request.Actor, request.Operation, AuditOutcome.Refused,
                        null, null, ActionReasonCode.ConcurrencyConflict, seen, AuditEntry.NoOptions), cancellationToken).ConfigureAwait(false);
                    Log.ConcurrencyConflict(_logger, request.Operation, id, request.Actor, seen);
                    throw new ConcurrencyConflictException(id, seen, null);
                }

                throw new UpgradeRecordNotFoundException(id);
            }

            if (expectedVersion is { } expected && record.Version != expected)
            {
                _telemetry.Conflict(request.Operation, activity);
                throw await ConflictAsync(record, request, expected, cancellationToken).ConfigureAwait(false);
            }

            var result = _lifecycle.Apply(record, request, _clock.GetCurrentInstant());
            if (result.Effect == LifecycleEffect.Refused)
            {
                _telemetry.Refused(request.Operation, result.Reason, activity);
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
                _telemetry.Conflict(request.Operation, activity);
                throw await ConflictAsync(record, request, record.Version, cancellationToken).ConfigureAwait(false);
            }

            _telemetry.Accepted(request.Operation, record, result.Record, activity);
            NotificationsCommitted(result.Notifications.Count);
            return result;
        }
    }

    // A configuration being saved travels with the change, so the store writes its content in the change's transaction.
    private async Task StoreAsync(UpgradeRecord before, LifecycleResult result, CancellationToken cancellationToken, ConfigurationFile? saved = null)
    {
        var audit = result.Audit;
        switch (result.Effect)
        {
            case LifecycleEffect.Refused:
                await _store.AppendAsync(audit, cancellationToken).ConfigureAwait(false);
                Log.OperationRefused(_logger, audit.Operation, before.Id, audit.Actor, before.Status, audit.Reason);
                throw new OperationNotPermittedException(before.Id, before.Status, audit.Operation, audit.Reason,
                    _texts.Reason(audit.Reason, audit.Operation, before.Status, TextCatalog.DefaultCulture, _lifecycle.Table));
            case LifecycleEffect.Observed:
                await _store.AppendAsync(audit, cancellationToken).ConfigureAwait(false);
                break;
            case LifecycleEffect.Changed:
                await _store.UpdateAsync(result.Record, before.Version, new RecordChange(audit, result.Notifications) { Configuration = saved },
                    cancellationToken).ConfigureAwait(false);
                break;
            case LifecycleEffect.Removed:
                await _store.DeleteAsync(before.Id, before.Version, new RecordChange(audit, result.Notifications), cancellationToken).ConfigureAwait(false);
                Log.RecordRemoved(_logger, before.Id);
                break;
        }

        Log.OperationAccepted(_logger, audit.Operation, before.Id, audit.Actor, before.Status, audit.StatusAfter);
    }

    /// <summary>Audits a request that lost to a concurrent change and returns the error to throw.</summary>
    private async Task<ConcurrencyConflictException> ConflictAsync(UpgradeRecord record, LifecycleRequest request, long expectedVersion, CancellationToken cancellationToken)
    {
        var current = await _store.FindAsync(record.Id, cancellationToken).ConfigureAwait(false);
        var entry = new AuditEntry(record.Id, _clock.GetCurrentInstant(), request.Actor, request.Operation, AuditOutcome.Refused,
            current?.Status ?? record.Status, current?.Status ?? record.Status, ActionReasonCode.ConcurrencyConflict,
            current?.Version ?? record.Version, AuditEntry.NoOptions);
        await _store.AppendAsync(entry, cancellationToken).ConfigureAwait(false);
        Log.ConcurrencyConflict(_logger, request.Operation, record.Id, request.Actor, expectedVersion);
        return new ConcurrencyConflictException(record.Id, expectedVersion, current?.Version);
    }

    private LifecycleRequest OperatorRequest(UpgradeOperation operation, OperatorIdentity actor) =>
        new(operation, Guard.NotNull(actor)) { OperatorQualified = _qualification.IsQualifiedOmEngineer(actor) };

    private static LifecycleRequest SystemRequest(UpgradeOperation operation) => new(operation, null);
}
