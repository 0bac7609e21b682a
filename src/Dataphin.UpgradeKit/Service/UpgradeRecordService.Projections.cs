using Dataphin.UpgradeKit.Internal;
using Dataphin.UpgradeKit.Lifecycle;
using Dataphin.UpgradeKit.Operators;
using Dataphin.UpgradeKit.Projections;
using Dataphin.UpgradeKit.Storage;
using Dataphin.UpgradeKit.Timeline;

namespace Dataphin.UpgradeKit.Service;

public sealed partial class UpgradeRecordService
{
    /// <summary>
    /// One page of the Upgrade Records list as rows for <paramref name="actor"/> (SPEC §8): versions, mode, times and
    /// durations formatted for <paramref name="display"/>, status, and every action with whether it is offered to this
    /// operator and why not (the service's <see cref="Policy"/>). Reads only; nothing is audited.
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
        for (var i = 0; i < rows.Length; i++)
        {
            var record = page.Items[i];
            rows[i] = RecordProjections.ToListRow(record, _policy.Evaluate(record, actor, display.Culture), display, _texts);
        }

        return new RecordListPage(rows, page.ContinuationToken) { Culture = _texts.Resolve(display.Culture).Name };
    }

    /// <summary>
    /// "View log" (SPEC §6): fires the View log operation, so the view is audited and refused where the action is not
    /// offered (SPEC §4: Succeeded, Stopped and both force-stopped statuses, or the host's
    /// <see cref="LifecycleRuleOptions.ViewLogStatuses"/>, R-RULE-1), then returns the panel for
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
        var result = await ExecuteAsync(id, OperatorRequest(UpgradeOperation.ViewLog, actor), null, cancellationToken).ConfigureAwait(false);
        // From the store's per-subject summaries: the cost of the panel does not grow with the events stored (R-TIME-11).
        // Not the caller's token: the view is audited by now, and a committed change is never reported as failed (issue 11
        // item 8); the read is one bounded query.
        var timeline = result.Record.Mode == UpgradeMode.ZeroDowntime
            ? null
            : TimelineAggregator.FromSummaries(await _store.ReadSummariesAsync(id, CancellationToken.None).ConfigureAwait(false));
        return RecordProjections.ToViewLog(result.Record, timeline, display, _options.ShortNodeThreshold, _lifecycle.IsDownloadable(result.Record), _texts);
    }
}
