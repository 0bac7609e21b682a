using System.Diagnostics.Metrics;
using Dataphin.UpgradeKit.Diagnostics;
using Dataphin.UpgradeKit.Display;
using Dataphin.UpgradeKit.Internal;
using Dataphin.UpgradeKit.Lifecycle;
using Dataphin.UpgradeKit.Storage;
using Dataphin.UpgradeKit.Timeline;
using Microsoft.Extensions.Logging;
using NodaTime;

namespace Dataphin.UpgradeKit.Commands;

/// <summary>
/// What the host reports about an upgrade it runs: the start, progress facts, the steps completed, a failure, the exit
/// from maintenance mode, and the raw events of the detailed timeline. Changes are decided by the lifecycle and stored
/// with their audit entries and notifications, as the operator's commands are; a report that loses to a concurrent
/// change is retried (<see cref="UpgradeKitOptions.SystemChangeRetries"/>). Thread-safe; register it as a singleton
/// (<c>AddUpgradeKit()</c> does).
/// </summary>
public sealed class UpgradeHostReports
{
    private readonly RecordChangePipeline _pipeline;

    /// <summary>Creates the host reports over <paramref name="store"/>.</summary>
    /// <param name="store">Where records, audit trail, notifications and timeline events live.</param>
    /// <param name="clock">The source of every time the SDK records.</param>
    /// <param name="options">Settings; defaults when null. Validated here.</param>
    /// <param name="logger">Where to log; nothing is logged when null.</param>
    /// <param name="meterFactory">Creates the SDK's meter (<see cref="UpgradeKitDiagnostics.MeterName"/>); a shared meter when null.</param>
    /// <param name="texts">Where the sentences of refusals come from; the SDK's own (<see cref="UpgradeKitTexts.Default"/>) when null.</param>
    /// <exception cref="ArgumentNullException"><paramref name="store"/> or <paramref name="clock"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="options"/> are invalid.</exception>
    public UpgradeHostReports(
        IUpgradeStore store,
        IClock clock,
        UpgradeKitOptions? options = null,
        ILogger<UpgradeHostReports>? logger = null,
        IMeterFactory? meterFactory = null,
        UpgradeKitTexts? texts = null)
    {
        _pipeline = new RecordChangePipeline(store, clock, options, null, texts, logger, meterFactory);
    }

    /// <summary>
    /// The host started the upgrade: Configuring to Upgrading. Sets the upgrade start and, in maintenance mode, the
    /// maintenance start to the same instant.
    /// </summary>
    /// <exception cref="UpgradeRecordNotFoundException">No such record.</exception>
    /// <exception cref="OperationNotPermittedException">The record is not Configuring.</exception>
    public async Task<UpgradeRecord> StartAsync(UpgradeRecordId id, CancellationToken cancellationToken = default) =>
        (await _pipeline.ExecuteAsync(id, RecordChangePipeline.SystemRequest(UpgradeOperation.Start), null, cancellationToken).ConfigureAwait(false)).Record;

    /// <summary>The host reports progress facts; retried on concurrent changes, so no report is lost.</summary>
    /// <exception cref="UpgradeRecordNotFoundException">No such record.</exception>
    /// <exception cref="OperationNotPermittedException">The record is terminal.</exception>
    public async Task<UpgradeRecord> ReportProgressAsync(UpgradeRecordId id, ProgressReport report, CancellationToken cancellationToken = default)
    {
        Guard.NotNull(report);
        var request = RecordChangePipeline.SystemRequest(UpgradeOperation.ReportProgress) with { Progress = report };
        return (await _pipeline.ExecuteAsync(id, request, null, cancellationToken).ConfigureAwait(false)).Record;
    }

    /// <summary>The host reports the upgrade steps completed: Upgrading to Verifying.</summary>
    /// <exception cref="UpgradeRecordNotFoundException">No such record.</exception>
    /// <exception cref="OperationNotPermittedException">The record is not Upgrading.</exception>
    public async Task<UpgradeRecord> MarkStepsCompletedAsync(UpgradeRecordId id, CancellationToken cancellationToken = default) =>
        (await _pipeline.ExecuteAsync(id, RecordChangePipeline.SystemRequest(UpgradeOperation.CompleteSteps), null, cancellationToken).ConfigureAwait(false)).Record;

    /// <summary>
    /// The host reports the upgrade failed: Upgrading to Failed; the upgrade ends now. Maintenance mode stays on
    /// until the host reports it exited (<see cref="ExitMaintenanceModeAsync"/>).
    /// </summary>
    /// <exception cref="UpgradeRecordNotFoundException">No such record.</exception>
    /// <exception cref="OperationNotPermittedException">The record is not Upgrading.</exception>
    public async Task<UpgradeRecord> MarkFailedAsync(UpgradeRecordId id, string? reason = null, CancellationToken cancellationToken = default)
    {
        var request = RecordChangePipeline.SystemRequest(UpgradeOperation.Fail) with { FailureReason = reason };
        return (await _pipeline.ExecuteAsync(id, request, null, cancellationToken).ConfigureAwait(false)).Record;
    }

    /// <summary>The host reports maintenance upgrade mode was exited; the maintenance end is now.</summary>
    /// <exception cref="UpgradeRecordNotFoundException">No such record.</exception>
    /// <exception cref="OperationNotPermittedException">Maintenance mode is not on.</exception>
    public async Task<UpgradeRecord> ExitMaintenanceModeAsync(UpgradeRecordId id, CancellationToken cancellationToken = default) =>
        (await _pipeline.ExecuteAsync(id, RecordChangePipeline.SystemRequest(UpgradeOperation.ExitMaintenanceMode), null, cancellationToken).ConfigureAwait(false)).Record;

    /// <summary>
    /// The host reports raw progress events for the detailed timeline. They go to the record's event stream,
    /// never into the record itself: no version changes, so a report never conflicts with an operator's action, and
    /// any number of reporters may report at once without losing an event. An event already stored is
    /// skipped, so retrying a report is safe.
    /// </summary>
    /// <remarks>
    /// <para>Events are accepted while the record is Upgrading or Verifying and also after it reached a terminal status
    /// other than Canceled (Succeeded, Failed, Stopped, force-stopped): reporters racing with a stop or a completion
    /// still have their events kept for the log. They never change the status.</para>
    /// <para>An end earlier than the earliest start known for the same subject — in the stored stream or in the same
    /// batch — is refused, and then nothing of the batch is stored. A finish without any start is accepted
    /// (a skipped data-update task is typically reported so). The store makes the check against the subject's summary in
    /// the transaction that appends the batch: of two reporters contradicting each other at once, exactly one passes.
    /// A report costs what its batch costs, however many events the record already has.</para>
    /// </remarks>
    /// <returns>How many of the events were new.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="events"/> or one of them is null.</exception>
    /// <exception cref="UpgradeRecordNotFoundException">No such record.</exception>
    /// <exception cref="TimelineNotApplicableException">The record is a zero-downtime upgrade, or it never started (Configuring, Canceled).</exception>
    /// <exception cref="ImpossibleTimeException">An end is earlier than its subject's start.</exception>
    public async Task<int> ReportTimelineEventsAsync(UpgradeRecordId id, IReadOnlyCollection<TimelineEvent> events, CancellationToken cancellationToken = default)
    {
        Guard.NotDefault(id);
        Guard.NotNull(events);
        foreach (var e in events)
        {
            ArgumentNullException.ThrowIfNull(e, nameof(events));
            e.ThrowIfIncomplete(nameof(events));
        }

        var record = await _pipeline.Store.FindAsync(id, cancellationToken).ConfigureAwait(false)
            ?? throw new UpgradeRecordNotFoundException(id);
        if (record.Mode == UpgradeMode.ZeroDowntime || !UpgradeStatusFacts.Of(record.Status).HasTimeline)
        {
            Log.TimelineReportRefused(_pipeline.Logger, id, record.Mode, record.Status, events.Count);
            throw new TimelineNotApplicableException(id, record.Mode, record.Status);
        }

        if (events.Count == 0)
        {
            return 0;
        }

        // The store checks the ends against its per-subject summaries in the append's own transaction, so that two
        // contradicting reporters cannot both pass (R-TIME-2, R-TIME-11).
        int added;
        try
        {
            added = await _pipeline.Store.AppendEventsAsync(id, events, cancellationToken).ConfigureAwait(false);
        }
        catch (ImpossibleTimeException impossible)
        {
            Log.TimelineEndBeforeStart(_pipeline.Logger, id, impossible.What, impossible.Start, impossible.End);
            throw;
        }

        Log.TimelineEventsAppended(_pipeline.Logger, id, events.Count, added, record.Status);
        return added;
    }
}
