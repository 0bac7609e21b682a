using System.Diagnostics.Metrics;
using System.Globalization;
using Dataphin.UpgradeKit.Actions;
using Dataphin.UpgradeKit.Auditing;
using Dataphin.UpgradeKit.Commands;
using Dataphin.UpgradeKit.Diagnostics;
using Dataphin.UpgradeKit.Display;
using Dataphin.UpgradeKit.Downloads;
using Dataphin.UpgradeKit.Internal;
using Dataphin.UpgradeKit.Lifecycle;
using Dataphin.UpgradeKit.Operators;
using Dataphin.UpgradeKit.Projections;
using Dataphin.UpgradeKit.Storage;
using Dataphin.UpgradeKit.Timeline;
using Microsoft.Extensions.Logging;
using NodaTime;

namespace Dataphin.UpgradeKit.Queries;

/// <summary>
/// The read side of upgrade records in one place: records, the list and its rows, the actions offered, View log, the
/// detailed timeline, the audit trail and the configuration download. Only View log and the download are audited (an
/// operator's view); the other reads store nothing. Thread-safe; register it as a singleton (<c>AddUpgradeKit()</c> does).
/// </summary>
public sealed class UpgradeQueries
{
    private readonly RecordChangePipeline _pipeline;
    private readonly RecordViews _views;

    /// <summary>Creates the queries over <paramref name="store"/>.</summary>
    /// <param name="store">Where records, audit trail and timeline events live.</param>
    /// <param name="clock">The source of the times the audited reads record.</param>
    /// <param name="qualification">Who may force-stop, for the actions offered; a <see cref="RoleOperatorQualification"/> for <see cref="UpgradeKitOptions.QualifiedOperatorRole"/> when null.</param>
    /// <param name="options">Settings; defaults when null. Validated here.</param>
    /// <param name="logger">Where to log; nothing is logged when null.</param>
    /// <param name="meterFactory">Creates the SDK's meter (<see cref="UpgradeKitDiagnostics.MeterName"/>); a shared meter when null.</param>
    /// <param name="policy">
    /// The policy the rows and <see cref="GetAvailableActionsAsync"/> answer with; an <see cref="ActionEligibilityPolicy"/>
    /// for <paramref name="qualification"/> and <see cref="UpgradeKitOptions.Rules"/> when null.
    /// </param>
    /// <param name="texts">Where display names and sentences come from; the SDK's own (<see cref="UpgradeKitTexts.Default"/>) when null.</param>
    /// <exception cref="ArgumentNullException"><paramref name="store"/> or <paramref name="clock"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="options"/> are invalid.</exception>
    public UpgradeQueries(
        IUpgradeStore store,
        IClock clock,
        IOperatorQualification? qualification = null,
        UpgradeKitOptions? options = null,
        ILogger<UpgradeQueries>? logger = null,
        IMeterFactory? meterFactory = null,
        IActionEligibilityPolicy? policy = null,
        UpgradeKitTexts? texts = null)
    {
        _pipeline = new RecordChangePipeline(store, clock, options, qualification, texts, logger, meterFactory);
        _views = new RecordViews(_pipeline.Store, policy ?? _pipeline.DefaultPolicy(), _pipeline.Texts, _pipeline.Options, _pipeline.Lifecycle,
            new RecordEstimates(_pipeline.Store, clock, _pipeline.Options.Estimates), clock);
    }

    /// <summary>The eligibility policy the rows and the actions offered answer with: the host's when one was given.</summary>
    public IActionEligibilityPolicy Policy => _views.Policy;

    /// <summary>Where the rows' and panels' names and sentences come from: the host's texts when they were given.</summary>
    public UpgradeKitTexts Texts => _views.Texts;

    /// <summary>
    /// The list row of <paramref name="record"/> for <paramref name="actor"/> in <paramref name="display"/> from the record
    /// alone, with the actions <see cref="Policy"/> offers and why not the others. It reads nothing from the store, so it
    /// has no estimate, no pending force-stop request and no pin, and a record with a pending request shows the actions
    /// as if there were none; <see cref="ToListRowAsync"/> gives the row <see cref="ListRowsAsync"/> and the watches show.
    /// </summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public RecordListRow ToListRow(UpgradeRecord record, OperatorIdentity actor, DisplayContext display)
    {
        Guard.NotNull(record);
        Guard.NotNull(actor);
        Guard.NotNull(display);
        return _views.Row(record, actor, display);
    }

    /// <summary>
    /// The list row of <paramref name="record"/> for <paramref name="actor"/> in <paramref name="display"/>, as
    /// <see cref="ListRowsAsync"/> shows it: with the estimate of a running upgrade and the actions as the record's pending
    /// force-stop request allows them (who may approve, reject or withdraw it).
    /// </summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public Task<RecordListRow> ToListRowAsync(UpgradeRecord record, OperatorIdentity actor, DisplayContext display, CancellationToken cancellationToken = default)
    {
        Guard.NotNull(record);
        Guard.NotNull(actor);
        Guard.NotNull(display);
        return _views.RowAsync(record, actor, display, cancellationToken);
    }

    /// <summary>The record with <paramref name="id"/>.</summary>
    /// <exception cref="UpgradeRecordNotFoundException">No such record.</exception>
    public async Task<UpgradeRecord> GetAsync(UpgradeRecordId id, CancellationToken cancellationToken = default)
    {
        Guard.NotDefault(id);
        return await _pipeline.Store.FindAsync(id, cancellationToken).ConfigureAwait(false) ?? throw new UpgradeRecordNotFoundException(id);
    }

    /// <summary>The record with <paramref name="id"/>, or null.</summary>
    public async Task<UpgradeRecord?> FindAsync(UpgradeRecordId id, CancellationToken cancellationToken = default)
    {
        Guard.NotDefault(id);
        return await _pipeline.Store.FindAsync(id, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Which actions <paramref name="actor"/> is offered on the record, and why not the others.</summary>
    /// <exception cref="UpgradeRecordNotFoundException">No such record.</exception>
    public async Task<ActionEligibilitySet> GetAvailableActionsAsync(UpgradeRecordId id, OperatorIdentity actor,
        CultureInfo? culture = null, CancellationToken cancellationToken = default)
    {
        Guard.NotNull(actor);
        var record = await GetAsync(id, cancellationToken).ConfigureAwait(false);
        return await _views.ActionsAsync(record, actor, culture, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>One page of records, newest first.</summary>
    /// <exception cref="ArgumentException">The query is invalid.</exception>
    public Task<UpgradeRecordPage> ListAsync(UpgradeRecordQuery query, CancellationToken cancellationToken = default)
    {
        Guard.NotNull(query);
        query.Validate();
        return _pipeline.Store.ListAsync(query, cancellationToken);
    }

    /// <summary>The audit trail of a record, oldest first; kept after a cancel removed the record.</summary>
    public Task<IReadOnlyList<AuditEntry>> GetAuditTrailAsync(UpgradeRecordId id, CancellationToken cancellationToken = default)
    {
        Guard.NotDefault(id);
        return _pipeline.Store.ReadAsync(id, cancellationToken);
    }

    /// <summary>
    /// One page of the Upgrade Records list as rows for <paramref name="actor"/>: versions, mode, times and
    /// durations formatted for <paramref name="display"/>, status, and every action with whether it is offered to this
    /// operator and why not (<see cref="Policy"/>). Reads only; nothing is audited.
    /// </summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The query is invalid.</exception>
    public async Task<RecordListPage> ListRowsAsync(UpgradeRecordQuery query, OperatorIdentity actor, DisplayContext display, CancellationToken cancellationToken = default)
    {
        Guard.NotNull(query);
        Guard.NotNull(actor);
        Guard.NotNull(display);
        var page = await ListAsync(query, cancellationToken).ConfigureAwait(false);
        var rows = new RecordListRow[page.Items.Count];
        // The page's pins in one read, not one per row.
        var pinned = rows.Length == 0 ? new HashSet<UpgradeRecordId>() : await _views.PinnedAsync([.. page.Items.Select(r => r.Id)], cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < rows.Length; i++)
        {
            rows[i] = await _views.RowAsync(page.Items[i], actor, display, cancellationToken, pinned.Contains(page.Items[i].Id)).ConfigureAwait(false);
        }

        return new RecordListPage { Rows = rows, ContinuationToken = page.ContinuationToken, Culture = _views.Texts.Resolve(display.Culture).Name };
    }

    /// <summary>
    /// "View log": fires the View log operation, so the view is audited and refused where the action is not
    /// offered (Succeeded, Stopped and both force-stopped statuses, or the host's
    /// <see cref="LifecycleRuleOptions.ViewLogStatuses"/>), then returns the panel for
    /// <paramref name="display"/> with the timeline aggregated from the store's summaries of the record's events.
    /// </summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="UpgradeRecordNotFoundException">No such record.</exception>
    /// <exception cref="OperationNotPermittedException">View log is not offered for the record's status.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled before the view was audited
    /// (nothing was stored); a cancellation after the audit write is ignored and the panel returned.</exception>
    public async Task<ViewLogPanel> ViewLogAsync(UpgradeRecordId id, OperatorIdentity actor, DisplayContext display, CancellationToken cancellationToken = default)
    {
        Guard.NotNull(actor);
        Guard.NotNull(display);
        var result = await _pipeline.ExecuteAsync(id, _pipeline.OperatorRequest(UpgradeOperation.ViewLog, actor), null, cancellationToken).ConfigureAwait(false);
        // From the store's per-subject summaries: the cost of the panel does not grow with the events stored (R-TIME-11).
        // Not the caller's token: the view is audited by now, and a committed change is never reported as failed (issue 11
        // item 8); the read is one bounded query.
        return await _views.PanelAsync(result.Record, display, CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>
    /// The detailed timeline of a record: its five nodes aggregated from every event the host reported, in
    /// any order, read from the store's per-subject summaries rather than the raw events. A record that never started has every node not started.
    /// Reads only; nothing is audited (<see cref="ViewLogAsync"/> is the operator's audited view).
    /// </summary>
    /// <returns>The timeline, or null for a zero-downtime upgrade, which has none, as its View Log panel shows.</returns>
    /// <exception cref="UpgradeRecordNotFoundException">No such record.</exception>
    public async Task<UpgradeTimeline?> GetTimelineAsync(UpgradeRecordId id, CancellationToken cancellationToken = default)
    {
        var record = await GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (record.Mode == UpgradeMode.ZeroDowntime)
        {
            return null;
        }

        var summaries = await _pipeline.Store.ReadSummariesAsync(id, cancellationToken).ConfigureAwait(false);
        return TimelineAggregator.FromSummaries(summaries);
    }

    /// <summary>
    /// Hands out the record's configuration file encrypted by <paramref name="encryptor"/> into
    /// <paramref name="destination"/>, where View log is offered and a configuration was saved. The download is
    /// audited (who, when, file name, SHA-256 of the encrypted file), never with the password. Hosts usually
    /// call this through <c>ConfigurationExporter</c> of the Export package, which supplies the encryptor.
    /// </summary>
    /// <remarks>
    /// The audit entry is written after the encryption: if writing it fails, the exception reaches the caller, who must
    /// discard what <paramref name="destination"/> received, so no download goes unaudited.
    /// </remarks>
    /// <exception cref="UpgradeRecordNotFoundException">No such record.</exception>
    /// <exception cref="OperationNotPermittedException">View log is not offered for the record's status, or no configuration was saved.</exception>
    public async Task<ConfigurationDownloadReceipt> DownloadConfigurationAsync(UpgradeRecordId id, OperatorIdentity actor,
        IConfigurationEncryptor encryptor, Stream destination, CancellationToken cancellationToken = default)
    {
        Guard.NotDefault(id);
        Guard.NotNull(encryptor);
        Guard.NotNull(destination);
        var request = _pipeline.OperatorRequest(UpgradeOperation.DownloadConfiguration, actor);
        using var activity = UpgradeKitTelemetry.StartOperation(request.Operation, id, byOperator: true);
        var record = await GetAsync(id, cancellationToken).ConfigureAwait(false);
        var result = _pipeline.Lifecycle.Apply(record, request, _pipeline.Clock.GetCurrentInstant());
        if (result.Effect == LifecycleEffect.Refused)
        {
            _pipeline.Telemetry.Refused(request.Operation, result.Reason, activity);
            await _pipeline.StoreAsync(record, result, cancellationToken).ConfigureAwait(false); // audits the refusal and throws
        }

        // Only here are a configuration's bytes read: records carry its name and save time.
        var configuration = await _pipeline.Store.ReadConfigurationAsync(id, cancellationToken).ConfigureAwait(false)
            ?? throw new UpgradeRecordNotFoundException(id);
        var sha256 = encryptor.Encrypt(configuration, destination);
        var audit = result.Audit with
        {
            Options = new Dictionary<string, string>(3)
            {
                ["fileName"] = configuration.FileName,
                ["configurationBytes"] = configuration.Content.Length.ToString(CultureInfo.InvariantCulture),
                ["encryptedSha256"] = sha256,
            },
        };
        await _pipeline.Store.AppendAsync(audit, cancellationToken).ConfigureAwait(false);
        _pipeline.Telemetry.Accepted(request.Operation, record, record, activity);
        Log.OperationAccepted(_pipeline.Logger, request.Operation, id, audit.Actor, record.Status, record.Status);
        return new ConfigurationDownloadReceipt { RecordId = id, FileName = configuration.FileName, EncryptedSha256 = sha256, At = audit.At, Actor = audit.Actor };
    }
}
