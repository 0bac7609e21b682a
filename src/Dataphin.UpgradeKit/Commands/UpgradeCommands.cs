using System.Diagnostics.Metrics;
using Dataphin.UpgradeKit.Actions;
using Dataphin.UpgradeKit.Auditing;
using Dataphin.UpgradeKit.Diagnostics;
using Dataphin.UpgradeKit.Display;
using Dataphin.UpgradeKit.Internal;
using Dataphin.UpgradeKit.Lifecycle;
using Dataphin.UpgradeKit.Operators;
using Dataphin.UpgradeKit.Storage;
using Microsoft.Extensions.Logging;
using NodaTime;

namespace Dataphin.UpgradeKit.Commands;

/// <summary>
/// The operator's commands on upgrade records: create, save the configuration, resume, cancel, stop, force-stop and
/// complete. Every change is decided by the lifecycle and stored with optimistic concurrency together with its audit
/// entry and notifications; the notifications are then delivered by the dispatcher (<see cref="Delivery.NotificationDelivery"/>),
/// never by the command, so a stored change is never reported as failed. Thread-safe; register it as a singleton
/// (<c>AddUpgradeKit()</c> does).
/// </summary>
public sealed partial class UpgradeCommands
{
    private readonly RecordChangePipeline _pipeline;

    /// <summary>Creates the commands over <paramref name="store"/>.</summary>
    /// <param name="store">Where records, audit trail and notifications live.</param>
    /// <param name="clock">The source of every time the SDK records.</param>
    /// <param name="qualification">Who may force-stop; a <see cref="RoleOperatorQualification"/> for <see cref="UpgradeKitOptions.QualifiedOperatorRole"/> when null.</param>
    /// <param name="options">Settings; defaults when null. Validated here.</param>
    /// <param name="logger">Where to log; nothing is logged when null.</param>
    /// <param name="meterFactory">Creates the SDK's meter (<see cref="UpgradeKitDiagnostics.MeterName"/>); a shared meter when null.</param>
    /// <param name="policy">
    /// The policy the commands answer with (<see cref="Policy"/>); an <see cref="ActionEligibilityPolicy"/> for
    /// <paramref name="qualification"/> and <see cref="UpgradeKitOptions.Rules"/> when null. What the commands accept
    /// stays the lifecycle's, under the same rules, so a host policy must not offer what the default one does not.
    /// </param>
    /// <param name="texts">Where the sentences of refusals come from; the SDK's own (<see cref="UpgradeKitTexts.Default"/>) when null.</param>
    /// <exception cref="ArgumentNullException"><paramref name="store"/> or <paramref name="clock"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="options"/> are invalid.</exception>
    public UpgradeCommands(
        IUpgradeStore store,
        IClock clock,
        IOperatorQualification? qualification = null,
        UpgradeKitOptions? options = null,
        ILogger<UpgradeCommands>? logger = null,
        IMeterFactory? meterFactory = null,
        IActionEligibilityPolicy? policy = null,
        UpgradeKitTexts? texts = null)
    {
        _pipeline = new RecordChangePipeline(store, clock, options, qualification, texts, logger, meterFactory);
        Policy = policy ?? _pipeline.DefaultPolicy();
    }

    /// <summary>The eligibility policy the commands answer with: the host's when one was given.</summary>
    public IActionEligibilityPolicy Policy { get; }

    /// <summary>Where names and sentences come from: the host's texts when they were given.</summary>
    public UpgradeKitTexts Texts => _pipeline.Texts;

    /// <summary>
    /// Creates a record in status Configuring. With <see cref="NewUpgradeRequest.IdempotencyKey"/> set, a retry of the
    /// same request (after an <see cref="UpgradeStoreException"/> whose outcome is unknown, a lost response, …) creates
    /// nothing and returns the record the first call created, as it is now.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> or <paramref name="actor"/> is null.</exception>
    /// <exception cref="ArgumentException">
    /// A version is missing, the target is not above the initial version, a mode is undefined, or the
    /// idempotency key is empty, white space or longer than <see cref="NewUpgradeRequest.MaxIdempotencyKeyLength"/>.
    /// </exception>
    /// <exception cref="IdempotencyKeyReusedException">The key was used for a creation with other versions or modes.</exception>
    /// <exception cref="UpgradeStoreException">The store failed; <see cref="UpgradeStoreException.OutcomeKnown"/> says whether the record may exist.</exception>
    public async Task<UpgradeRecord> CreateAsync(NewUpgradeRequest request, OperatorIdentity actor, CancellationToken cancellationToken = default)
    {
        Guard.NotNull(request);
        Guard.NotNull(actor);
        Guard.Defined(request.Mode);
        Guard.Defined(request.DataServiceStudioMode);
        if (request.TargetVersion.ComponentCount == 0 || request.InitialVersion.ComponentCount == 0)
        {
            throw new ArgumentException("Both the target and the initial version must be given.", nameof(request));
        }

        if (request.TargetVersion.CompareTo(request.InitialVersion) <= 0 || request.TargetVersion.IsNumericallyEqual(request.InitialVersion))
        {
            throw new ArgumentException(
                $"The target version {request.TargetVersion} must be greater than the initial version {request.InitialVersion} (R-REC-1).", nameof(request));
        }

        if (request.IdempotencyKey is { } requestKey
            && (string.IsNullOrWhiteSpace(requestKey) || requestKey.Length > NewUpgradeRequest.MaxIdempotencyKeyLength))
        {
            throw new ArgumentException(
                $"The idempotency key must be 1 to {NewUpgradeRequest.MaxIdempotencyKeyLength} characters and not only white space.", nameof(request));
        }

        var now = _pipeline.Clock.GetCurrentInstant();
        var record = new UpgradeRecordSnapshot
        {
            Id = UpgradeRecordId.New(now),
            TargetVersion = request.TargetVersion,
            InitialVersion = request.InitialVersion,
            Mode = request.Mode,
            DataServiceStudioMode = request.DataServiceStudioMode,
            Status = UpgradeStatus.Configuring,
            CreatedAt = now,
            CreatedBy = actor.Id,
            Version = 1,
        }.ToRecord();
        var audit = new AuditEntry(record.Id, now, actor.Id, UpgradeOperation.Create, AuditOutcome.Accepted, null,
            UpgradeStatus.Configuring, ActionReasonCode.None, record.Version, new Dictionary<string, string>(4)
            {
                ["targetVersion"] = record.TargetVersion.ToString(),
                ["initialVersion"] = record.InitialVersion.ToString(),
                ["mode"] = record.Mode.ToString(),
                ["dataServiceStudioMode"] = record.DataServiceStudioMode.ToString(),
            });
        if (request.IdempotencyKey is { } key)
        {
            return await CreateOnceAsync(request, key, record, audit, actor, cancellationToken).ConfigureAwait(false);
        }

        await _pipeline.Store.InsertAsync(record, new RecordChange(audit, []), cancellationToken).ConfigureAwait(false);
        Log.RecordCreated(_pipeline.Logger, record.Id, actor.Id, record.InitialVersion, record.TargetVersion, record.Mode);
        return record;
    }

    /// <summary>Saves the configuration file (status Configuring only). A saved configuration keeps a cancelled record.</summary>
    /// <exception cref="UpgradeRecordNotFoundException">No such record.</exception>
    /// <exception cref="OperationNotPermittedException">The record is not Configuring.</exception>
    /// <exception cref="ConcurrencyConflictException">The record changed since <paramref name="expectedVersion"/> or concurrently.</exception>
    public async Task<UpgradeRecord> SaveConfigurationAsync(UpgradeRecordId id, ConfigurationFile configuration, OperatorIdentity actor,
        long? expectedVersion = null, CancellationToken cancellationToken = default)
    {
        Guard.NotNull(configuration);
        var request = _pipeline.OperatorRequest(UpgradeOperation.SaveConfiguration, actor) with { Configuration = configuration };
        return (await _pipeline.ExecuteAsync(id, request, expectedVersion, cancellationToken).ConfigureAwait(false)).Record;
    }

    /// <summary>"Resume upgrade": changes nothing, is audited, and says where to continue.</summary>
    /// <exception cref="UpgradeRecordNotFoundException">No such record.</exception>
    /// <exception cref="OperationNotPermittedException">The record is neither Configuring nor Upgrading.</exception>
    public async Task<ResumePoint> ResumeUpgradeAsync(UpgradeRecordId id, OperatorIdentity actor, CancellationToken cancellationToken = default) =>
        ResumePoint.Of(await ActAsync(UpgradeAction.ResumeUpgrade, id, actor, null, null, cancellationToken).ConfigureAwait(false));

    /// <summary>"Resume verification": changes nothing, is audited, and says where to continue.</summary>
    /// <exception cref="UpgradeRecordNotFoundException">No such record.</exception>
    /// <exception cref="OperationNotPermittedException">The record is not Verifying.</exception>
    public async Task<ResumePoint> ResumeVerificationAsync(UpgradeRecordId id, OperatorIdentity actor, CancellationToken cancellationToken = default) =>
        ResumePoint.Of(await ActAsync(UpgradeAction.ResumeVerification, id, actor, null, null, cancellationToken).ConfigureAwait(false));

    /// <summary>
    /// "Cancel upgrade" (Configuring only). With a saved configuration the record becomes Canceled; without one it
    /// is removed and no trace of it appears in the list.
    /// </summary>
    /// <exception cref="UpgradeRecordNotFoundException">No such record.</exception>
    /// <exception cref="OperationNotPermittedException">The record is not Configuring.</exception>
    /// <exception cref="ConcurrencyConflictException">The record changed since <paramref name="expectedVersion"/> or concurrently.</exception>
    // RS0026 guards shipped overloads against ambiguity when optional parameters are added later; these two differ in
    // their third parameter's type (a version or the options), so a call names which one it means.
#pragma warning disable RS0026
    public Task<CancelOutcome> CancelAsync(UpgradeRecordId id, OperatorIdentity actor, long? expectedVersion = null, CancellationToken cancellationToken = default) =>
        CancelAsync(id, actor, new CancelOptions(), expectedVersion, cancellationToken);

    /// <summary>
    /// "Cancel upgrade" (Configuring only) with the operator's reason. With a saved configuration the record becomes
    /// Canceled; without one it is removed and no trace of it appears in the list (the audit trail keeps the reason).
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="UpgradeRecordNotFoundException">No such record.</exception>
    /// <exception cref="OperationNotPermittedException">The record is not Configuring, or the host requires a reason and none was given.</exception>
    /// <exception cref="ConcurrencyConflictException">The record changed since <paramref name="expectedVersion"/> or concurrently.</exception>
    public async Task<CancelOutcome> CancelAsync(UpgradeRecordId id, OperatorIdentity actor, CancelOptions options, long? expectedVersion = null,
        CancellationToken cancellationToken = default)
    {
        Guard.NotNull(options);
        var request = _pipeline.OperatorRequest(UpgradeOperation.Cancel, actor) with { Cancel = options };
        var result = await _pipeline.ExecuteAsync(id, request, expectedVersion, cancellationToken).ConfigureAwait(false);
        return result.Effect == LifecycleEffect.Removed ? new CancelOutcome { Removed = true } : new CancelOutcome { Removed = false, Record = result.Record };
    }
#pragma warning restore RS0026

    /// <summary>
    /// "Stop upgrade": Upgrading to Stopped while the force-stop task has not run or shutdown has not started.
    /// Maintenance mode ends now; the host is notified to resume job scheduling, exit maintenance mode and, when
    /// chosen, rerun the force-stopped instances.
    /// </summary>
    /// <exception cref="UpgradeRecordNotFoundException">No such record.</exception>
    /// <exception cref="OperationNotPermittedException">
    /// The record cannot be stopped, or the host requires a reason (<see cref="LifecycleRuleOptions.ReasonRequiredFor"/>)
    /// and none was given; the reason code says which.
    /// </exception>
    /// <exception cref="ConcurrencyConflictException">The record changed since <paramref name="expectedVersion"/> or concurrently.</exception>
    public async Task<UpgradeRecord> StopAsync(UpgradeRecordId id, OperatorIdentity actor, StopOptions options,
        long? expectedVersion = null, CancellationToken cancellationToken = default)
    {
        Guard.NotNull(options);
        var request = _pipeline.OperatorRequest(UpgradeOperation.Stop, actor) with { Stop = options };
        return (await _pipeline.ExecuteAsync(id, request, expectedVersion, cancellationToken).ConfigureAwait(false)).Record;
    }

    /// <summary>
    /// "Force-stop upgrade": Upgrading to Force-Stopped and Marked as Succeeded or Failed, for a qualified
    /// O&amp;M engineer who declared the result and selected the declaration. The upgrade ends now; maintenance end
    /// stays unknown.
    /// </summary>
    /// <exception cref="UpgradeRecordNotFoundException">No such record.</exception>
    /// <exception cref="ArgumentException"><see cref="ForceStopRequest.Declaration"/> has an empty or too long part.</exception>
    /// <exception cref="OperationNotPermittedException">
    /// Not Upgrading, operator not qualified, no declaration, no result, or no reason while the host requires one
    /// (by default it does).
    /// </exception>
    /// <exception cref="ConcurrencyConflictException">The record changed since <paramref name="expectedVersion"/> or concurrently.</exception>
    public async Task<UpgradeRecord> ForceStopAsync(UpgradeRecordId id, OperatorIdentity actor, ForceStopRequest request,
        long? expectedVersion = null, CancellationToken cancellationToken = default)
    {
        Guard.NotNull(request);
        if (request.Result is { } result)
        {
            Guard.Defined(result);
        }

        request.Declaration?.Validated();

        var lifecycleRequest = _pipeline.OperatorRequest(UpgradeOperation.ForceStop, actor) with { ForceStop = request };
        return (await _pipeline.ExecuteAsync(id, lifecycleRequest, expectedVersion, cancellationToken).ConfigureAwait(false)).Record;
    }

    /// <summary>"Complete upgrade": Verifying to Succeeded; the upgrade, and maintenance mode if still on, end now.</summary>
    /// <exception cref="UpgradeRecordNotFoundException">No such record.</exception>
    /// <exception cref="OperationNotPermittedException">The record is not Verifying.</exception>
    /// <exception cref="ConcurrencyConflictException">The record changed since <paramref name="expectedVersion"/> or concurrently.</exception>
    public Task<UpgradeRecord> CompleteAsync(UpgradeRecordId id, OperatorIdentity actor, long? expectedVersion = null, CancellationToken cancellationToken = default) =>
        ActAsync(UpgradeAction.Complete, id, actor, expectedVersion, null, cancellationToken);

    /// <summary>
    /// Takes <paramref name="action"/>, an action of the Actions column that needs no options besides the operator's
    /// reason (Resume upgrade, Resume verification, Complete): decided by the lifecycle, audited, and stored with its
    /// notifications like every other change. Actions with options have their own methods (<see cref="StopAsync"/>, <see cref="ForceStopAsync"/>,
    /// <see cref="CancelAsync(UpgradeRecordId, OperatorIdentity, CancelOptions, long?, CancellationToken)"/>); View log
    /// is a read (<see cref="Queries.UpgradeQueries.ViewLogAsync"/>).
    /// </summary>
    /// <param name="action">The action to take.</param>
    /// <param name="id">The record.</param>
    /// <param name="actor">Who takes it.</param>
    /// <param name="expectedVersion">The record version the operator saw; null to act on whatever version is stored.</param>
    /// <param name="reason">
    /// Why the operator acts, for an action that takes a reason (<see cref="Projections.ActionView.TakesReason"/>); recorded
    /// in the audit trail and the notification. Null when none was given, which is refused where the host requires one.
    /// </param>
    /// <param name="cancellationToken">Cancels the call before the change is stored.</param>
    /// <returns>The record after the action: changed, or as it was when the action only observes it (the resumes).</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="action"/> is not defined.</exception>
    /// <exception cref="ArgumentException"><paramref name="action"/> takes options or is a read, or a reason was given to an action that takes none.</exception>
    /// <exception cref="UpgradeRecordNotFoundException">No such record.</exception>
    /// <exception cref="OperationNotPermittedException">The record's status or facts do not allow the action; the reason code says which.</exception>
    /// <exception cref="ConcurrencyConflictException">The record changed since <paramref name="expectedVersion"/> or concurrently.</exception>
    public async Task<UpgradeRecord> ActAsync(UpgradeAction action, UpgradeRecordId id, OperatorIdentity actor, long? expectedVersion = null,
        OperatorReason? reason = null, CancellationToken cancellationToken = default)
    {
        var entry = ActionCatalog.Of(action);
        if (!entry.IsGeneric)
        {
            throw new ArgumentException($"The action {action} takes options or is a read: call its own method.", nameof(action));
        }

        if (reason is not null && !entry.TakesReason)
        {
            throw new ArgumentException($"The action {action} takes no reason.", nameof(reason));
        }

        var request = _pipeline.OperatorRequest(entry.Operation, actor) with { GivenReason = reason };
        var result = await _pipeline.ExecuteAsync(id, request, expectedVersion, cancellationToken).ConfigureAwait(false);
        return result.Record;
    }

    /// <summary>
    /// Stores <paramref name="record"/> under <paramref name="key"/> unless an earlier creation with that key stored
    /// one; that earlier record is returned when it was made from the same choices, and refused otherwise (R-STORE-3).
    /// </summary>
    private async Task<UpgradeRecord> CreateOnceAsync(NewUpgradeRequest request, string key, UpgradeRecord record, AuditEntry audit,
        OperatorIdentity actor, CancellationToken cancellationToken)
    {
        var stored = await _pipeline.Store.InsertOrGetAsync(record, key, new RecordChange(audit, []), cancellationToken).ConfigureAwait(false);
        if (stored.Id == record.Id)
        {
            Log.RecordCreated(_pipeline.Logger, record.Id, actor.Id, record.InitialVersion, record.TargetVersion, record.Mode);
            return stored;
        }

        if (!stored.TargetVersion.Equals(request.TargetVersion) || !stored.InitialVersion.Equals(request.InitialVersion)
            || stored.Mode != request.Mode || stored.DataServiceStudioMode != request.DataServiceStudioMode)
        {
            throw new IdempotencyKeyReusedException(key, stored.Id);
        }

        Log.RecordCreationRepeated(_pipeline.Logger, stored.Id, actor.Id);
        return stored;
    }
}
