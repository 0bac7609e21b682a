using Dataphin.UpgradeKit.Actions;
using Dataphin.UpgradeKit.Display;
using Dataphin.UpgradeKit.Lifecycle;
using Dataphin.UpgradeKit.Operators;
using Dataphin.UpgradeKit.Projections;
using Dataphin.UpgradeKit.Storage;
using Dataphin.UpgradeKit.Timeline;
using NodaTime;

namespace Dataphin.UpgradeKit.Queries;

/// <summary>
/// The one place a record becomes what an operator sees: its list row (for the list, the watches and the records
/// endpoints) and its View log panel (for View log and the watch of one record), the timeline always aggregated from the
/// store's per-subject summaries, never from every raw event (R-TIME-11). Thread-safe.
/// </summary>
internal sealed class RecordViews(IUpgradeStore store, IActionEligibilityPolicy policy, UpgradeKitTexts texts, UpgradeKitOptions options, UpgradeLifecycle lifecycle,
    RecordEstimates? estimates = null, IClock? clock = null)
{
    public IActionEligibilityPolicy Policy => policy;

    public UpgradeKitTexts Texts => texts;

    /// <summary>The list row of <paramref name="record"/> for <paramref name="actor"/>, with the actions the policy offers and why not the others.</summary>
    public RecordListRow Row(UpgradeRecord record, OperatorIdentity actor, DisplayContext display) =>
        RecordProjections.ToListRow(record, policy.Evaluate(record, actor, display.Culture), display, texts);

    /// <summary>
    /// The list row of <paramref name="record"/>, with its estimate when the upgrade runs (R-ETA-1), the actions as its
    /// pending force-stop request allows them (R-GOV-2) and its pin (R-RET-1: read from the store unless
    /// <paramref name="pinned"/> says it, as a page does for all its rows in one read).
    /// </summary>
    public async Task<RecordListRow> RowAsync(UpgradeRecord record, OperatorIdentity actor, DisplayContext display, CancellationToken cancellationToken,
        bool? pinned = null)
    {
        var pending = await PendingForceStopAsync(record, cancellationToken).ConfigureAwait(false);
        var row = RecordProjections.ToListRow(record, policy.EvaluateWithPendingRequest(record, actor, pending, display.Culture), display, texts);
        if (pinned ?? (await PinnedAsync([record.Id], cancellationToken).ConfigureAwait(false)).Contains(record.Id))
        {
            row = row with { Pinned = true };
        }

        if (pending is not null)
        {
            row = row with { PendingForceStop = ForceStopRequestView.Of(pending, display, DisplayNames.For(texts, display.Culture)) };
        }

        return estimates is not null && RecordEstimates.IsRunning(record)
            ? row with { Estimate = await estimates.EstimateAsync(record, null, cancellationToken).ConfigureAwait(false) }
            : row;
    }

    /// <summary>
    /// Which of <paramref name="ids"/> are pinned: one read from a store with <see cref="IRetentionPinStore"/>, record by
    /// record from one with only <see cref="IRetentionStore"/>, none from a store that keeps no pins.
    /// </summary>
    public async Task<IReadOnlySet<UpgradeRecordId>> PinnedAsync(IReadOnlyCollection<UpgradeRecordId> ids, CancellationToken cancellationToken)
    {
        if (store is IRetentionPinStore pins)
        {
            return await pins.ReadPinnedAsync(ids, cancellationToken).ConfigureAwait(false);
        }

        var pinned = new HashSet<UpgradeRecordId>();
        if (store is IRetentionStore retention)
        {
            foreach (var id in ids)
            {
                if (await retention.IsPinnedAsync(id, cancellationToken).ConfigureAwait(false))
                {
                    pinned.Add(id);
                }
            }
        }

        return pinned;
    }

    /// <summary>The actions offered to <paramref name="actor"/> on <paramref name="record"/>, as its pending force-stop request allows them.</summary>
    public async Task<ActionEligibilitySet> ActionsAsync(UpgradeRecord record, OperatorIdentity actor, System.Globalization.CultureInfo? culture,
        CancellationToken cancellationToken) =>
        policy.EvaluateWithPendingRequest(record, actor, await PendingForceStopAsync(record, cancellationToken).ConfigureAwait(false), culture);

    /// <summary>
    /// The record's pending force-stop request as the actions see it (R-GOV-2), or null. Read only where one can matter:
    /// an Upgrading record (a request exists only while the upgrade runs) of a host that requires approval; one indexed
    /// read of at most one row, so a page of rows costs at most one read per running upgrade on it. A request whose time
    /// is up is not shown as pending: no one may decide it any more, and the expiry check closes it.
    /// </summary>
    public async ValueTask<ForceStopApprovalRequest?> PendingForceStopAsync(UpgradeRecord record, CancellationToken cancellationToken)
    {
        if (record.Status != UpgradeStatus.Upgrading || !options.Rules.ForceStopNeedsApproval || store is not IForceStopRequestStore requests)
        {
            return null;
        }

        var pending = await requests.FindPendingForceStopRequestAsync(record.Id, cancellationToken).ConfigureAwait(false);
        return pending is not null && (clock is null || pending.ExpiresAt > clock.GetCurrentInstant()) ? pending : null;
    }

    /// <summary>The View log panel of <paramref name="record"/>, its timeline read from the store's summaries (none for a zero-downtime upgrade).</summary>
    public async Task<ViewLogPanel> PanelAsync(UpgradeRecord record, DisplayContext display, CancellationToken cancellationToken)
    {
        var summaries = record.Mode == UpgradeMode.ZeroDowntime
            ? null
            : await store.ReadSummariesAsync(record.Id, cancellationToken).ConfigureAwait(false);
        var timeline = summaries is null ? null : TimelineAggregator.FromSummaries(summaries);
        var panel = RecordProjections.ToViewLog(record, timeline, display, options.ShortNodeThreshold, lifecycle.IsDownloadable(record), texts);
        if ((await PinnedAsync([record.Id], cancellationToken).ConfigureAwait(false)).Contains(record.Id))
        {
            panel = panel with { Pinned = true };
        }

        if (await PendingForceStopAsync(record, cancellationToken).ConfigureAwait(false) is { } pending)
        {
            panel = panel with { PendingForceStop = ForceStopRequestView.Of(pending, display, DisplayNames.For(texts, display.Culture)) };
        }

        if (estimates is not null && RecordEstimates.IsRunning(record))
        {
            panel = panel with { Estimate = await estimates.EstimateAsync(record, summaries, cancellationToken).ConfigureAwait(false) };
        }

        return record.Status is UpgradeStatus.Stopped or UpgradeStatus.ForceStoppedSucceeded or UpgradeStatus.ForceStoppedFailed or UpgradeStatus.Canceled
            ? panel with { EndedBy = await EndedByAsync(record, display, cancellationToken).ConfigureAwait(false) }
            : panel;
    }

    // R-GOV-1: the reason lives with the audit entry of the action that ended the upgrade; a record's trail is short. Under the
    // two-person rule (R-GOV-2) the approval ends it, with the declaration the requester accepted.
    private async Task<OperatorDecisionView?> EndedByAsync(UpgradeRecord record, DisplayContext display, CancellationToken cancellationToken)
    {
        var trail = await store.ReadAsync(record.Id, cancellationToken).ConfigureAwait(false);
        for (var i = trail.Count - 1; i >= 0; i--)
        {
            var entry = trail[i];
            if (entry.Outcome == Auditing.AuditOutcome.Accepted && entry.StatusAfter == record.Status
                && UpgradeActions.TryFromOperation(entry.Operation, out var action)
                && action is UpgradeAction.Stop or UpgradeAction.ForceStop or UpgradeAction.Cancel or UpgradeAction.ApproveForceStop)
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
