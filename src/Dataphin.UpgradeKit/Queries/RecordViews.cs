using Dataphin.UpgradeKit.Actions;
using Dataphin.UpgradeKit.Display;
using Dataphin.UpgradeKit.Lifecycle;
using Dataphin.UpgradeKit.Operators;
using Dataphin.UpgradeKit.Projections;
using Dataphin.UpgradeKit.Storage;
using Dataphin.UpgradeKit.Timeline;

namespace Dataphin.UpgradeKit.Queries;

/// <summary>
/// The one place a record becomes what an operator sees: its list row (for the list, the watches and the records
/// endpoints) and its View log panel (for View log and the watch of one record), the timeline always aggregated from the
/// store's per-subject summaries, never from every raw event (R-TIME-11). Thread-safe.
/// </summary>
internal sealed class RecordViews(IUpgradeStore store, IActionEligibilityPolicy policy, UpgradeKitTexts texts, UpgradeKitOptions options, UpgradeLifecycle lifecycle,
    RecordEstimates? estimates = null)
{
    public IActionEligibilityPolicy Policy => policy;

    public UpgradeKitTexts Texts => texts;

    /// <summary>The list row of <paramref name="record"/> for <paramref name="actor"/>, with the actions the policy offers and why not the others.</summary>
    public RecordListRow Row(UpgradeRecord record, OperatorIdentity actor, DisplayContext display) =>
        RecordProjections.ToListRow(record, policy.Evaluate(record, actor, display.Culture), display, texts);

    /// <summary>The list row of <paramref name="record"/>, with its estimate when the upgrade runs (R-ETA-1).</summary>
    public async Task<RecordListRow> RowAsync(UpgradeRecord record, OperatorIdentity actor, DisplayContext display, CancellationToken cancellationToken)
    {
        var row = Row(record, actor, display);
        return estimates is not null && RecordEstimates.IsRunning(record)
            ? row with { Estimate = await estimates.EstimateAsync(record, null, cancellationToken).ConfigureAwait(false) }
            : row;
    }

    /// <summary>The View log panel of <paramref name="record"/>, its timeline read from the store's summaries (none for a zero-downtime upgrade).</summary>
    public async Task<ViewLogPanel> PanelAsync(UpgradeRecord record, DisplayContext display, CancellationToken cancellationToken)
    {
        var summaries = record.Mode == UpgradeMode.ZeroDowntime
            ? null
            : await store.ReadSummariesAsync(record.Id, cancellationToken).ConfigureAwait(false);
        var timeline = summaries is null ? null : TimelineAggregator.FromSummaries(summaries);
        var panel = RecordProjections.ToViewLog(record, timeline, display, options.ShortNodeThreshold, lifecycle.IsDownloadable(record), texts);
        if (estimates is not null && RecordEstimates.IsRunning(record))
        {
            panel = panel with { Estimate = await estimates.EstimateAsync(record, summaries, cancellationToken).ConfigureAwait(false) };
        }

        return record.Status is UpgradeStatus.Stopped or UpgradeStatus.ForceStoppedSucceeded or UpgradeStatus.ForceStoppedFailed or UpgradeStatus.Canceled
            ? panel with { EndedBy = await EndedByAsync(record, display, cancellationToken).ConfigureAwait(false) }
            : panel;
    }

    // R-GOV-1: the reason lives with the audit entry of the action that ended the upgrade; a record's trail is short.
    private async Task<OperatorDecisionView?> EndedByAsync(UpgradeRecord record, DisplayContext display, CancellationToken cancellationToken)
    {
        var trail = await store.ReadAsync(record.Id, cancellationToken).ConfigureAwait(false);
        for (var i = trail.Count - 1; i >= 0; i--)
        {
            var entry = trail[i];
            if (entry.Outcome == Auditing.AuditOutcome.Accepted && entry.StatusAfter == record.Status
                && UpgradeActions.TryFromOperation(entry.Operation, out var action)
                && action is UpgradeAction.Stop or UpgradeAction.ForceStop or UpgradeAction.Cancel)
            {
                return new OperatorDecisionView
                {
                    Action = new CodeAndName<UpgradeAction> { Code = action, Name = texts.GetString("Action_" + action, display.Culture) },
                    Actor = entry.Actor,
                    At = entry.At,
                    Time = display.FormatTime(entry.At),
                    Reason = entry.OperatorReason,
                    Declaration = entry.Declaration,
                };
            }
        }

        return null;
    }
}
