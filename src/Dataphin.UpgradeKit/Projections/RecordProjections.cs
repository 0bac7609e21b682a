using System.Runtime.CompilerServices;
using Dataphin.UpgradeKit.Actions;
using Dataphin.UpgradeKit.Display;
using Dataphin.UpgradeKit.Internal;
using Dataphin.UpgradeKit.Timeline;
using Dataphin.UpgradeKit.Times;
using NodaTime;

namespace Dataphin.UpgradeKit.Projections;

/// <summary>
/// Builds the records-list row and the View Log panel from a record, its eligibility answer and its
/// timeline events. Pure functions of their inputs (no clock, no store, no rule); thread-safe. <c>UpgradeQueries</c> (the list rows, View log)
/// and <c>UpgradeWatches</c> call them.
/// </summary>
public static class RecordProjections
{
    // The action views of an eligibility answer depend only on that (shared, immutable) answer and the culture.
    private static readonly ConditionalWeakTable<ActionEligibilitySet, ActionViews> ActionViewCache = new();

    /// <summary>The list row of <paramref name="record"/> with the actions of <paramref name="actions"/>.</summary>
    /// <param name="record">The record.</param>
    /// <param name="actions">The policy's answer for the record and the asking operator, evaluated for <paramref name="display"/>'s culture.</param>
    /// <param name="display">Zone, culture and time pattern.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ImpossibleTimeException">The record holds an end before its start.</exception>
    public static RecordListRow ToListRow(UpgradeRecord record, ActionEligibilitySet actions, DisplayContext display) =>
        ToListRow(record, actions, display, UpgradeKitTexts.Default);

    /// <summary>The list row of <paramref name="record"/> with the actions of <paramref name="actions"/>, in the host's <paramref name="texts"/>.</summary>
    /// <param name="record">The record.</param>
    /// <param name="actions">The policy's answer for the record and the asking operator, evaluated for <paramref name="display"/>'s culture.</param>
    /// <param name="display">Zone, culture and time pattern.</param>
    /// <param name="texts">Where the names come from, e.g. <c>UpgradeQueries.Texts</c>.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ImpossibleTimeException">The record holds an end before its start.</exception>
    public static RecordListRow ToListRow(UpgradeRecord record, ActionEligibilitySet actions, DisplayContext display, UpgradeKitTexts texts)
    {
        Guard.NotNull(record);
        Guard.NotNull(actions);
        Guard.NotNull(display);
        Guard.NotNull(texts);
        var names = DisplayNames.For(texts, display.Culture);
        var upgrade = UpgradeTimes.Upgrade(record);
        var maintenanceRange = UpgradeTimes.Maintenance(record);
        var maintenance = maintenanceRange ?? TimeRange.None;
        return new RecordListRow
        {
            Id = record.Id,
            RecordVersion = record.Version,
            TargetVersion = record.TargetVersion.ToString(),
            InitialVersion = record.InitialVersion.ToString(),
            Mode = names.Mode(record.Mode),
            UpgradeStartedAt = upgrade.Start,
            UpgradeStart = display.FormatTime(upgrade.Start),
            UpgradeDuration = DurationText.Format(upgrade.Total),
            MaintenanceStartedAt = maintenance.Start,
            MaintenanceStart = display.FormatTime(maintenance.Start),
            MaintenanceDuration = DurationText.Format(maintenance.Total),
            Status = names.Status(record.Status),
            Actions = ActionViewsFor(actions, names),
            Culture = names.Culture,
            UpgradeDurationSeconds = DurationStates.Seconds(upgrade),
            UpgradeDurationState = DurationStates.Upgrade(record, upgrade),
            MaintenanceDurationSeconds = DurationStates.Seconds(maintenance),
            MaintenanceDurationState = DurationStates.Maintenance(record, maintenanceRange),
        };
    }

    /// <summary>The View Log panel of <paramref name="record"/>.</summary>
    /// <param name="record">The record.</param>
    /// <param name="events">The record's timeline events (any order, duplicates allowed); ignored for zero-downtime records.</param>
    /// <param name="display">Zone, culture and time pattern.</param>
    /// <param name="shortNodeThreshold">Finished nodes shorter than this show only their completion time; see <see cref="UpgradeKitOptions.ShortNodeThreshold"/>.</param>
    /// <param name="configurationDownloadable">
    /// Whether the panel offers the configuration download: the lifecycle's answer for the record, which
    /// <c>UpgradeQueries.ViewLogAsync</c> passes; the projection does not decide it.
    /// </param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="shortNodeThreshold"/> is negative.</exception>
    /// <exception cref="ImpossibleTimeException">The record holds an end before its start.</exception>
    public static ViewLogPanel ToViewLog(UpgradeRecord record, IEnumerable<TimelineEvent> events, DisplayContext display, Duration shortNodeThreshold,
        bool configurationDownloadable) =>
        ToViewLog(record, events, display, shortNodeThreshold, configurationDownloadable, UpgradeKitTexts.Default);

    /// <summary>The View Log panel of <paramref name="record"/> in the host's <paramref name="texts"/>.</summary>
    /// <param name="record">The record.</param>
    /// <param name="events">The record's timeline events (any order, duplicates allowed); ignored for zero-downtime records.</param>
    /// <param name="display">Zone, culture and time pattern.</param>
    /// <param name="shortNodeThreshold">Finished nodes shorter than this show only their completion time; see <see cref="UpgradeKitOptions.ShortNodeThreshold"/>.</param>
    /// <param name="configurationDownloadable">Whether the panel offers the configuration download, as in the other overloads.</param>
    /// <param name="texts">Where the names come from, e.g. <c>UpgradeQueries.Texts</c>.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="shortNodeThreshold"/> is negative.</exception>
    /// <exception cref="ImpossibleTimeException">The record holds an end before its start.</exception>
    public static ViewLogPanel ToViewLog(UpgradeRecord record, IEnumerable<TimelineEvent> events, DisplayContext display, Duration shortNodeThreshold,
        bool configurationDownloadable, UpgradeKitTexts texts)
    {
        Guard.NotNull(record);
        Guard.NotNull(events);
        return ToViewLog(record, record.Mode == UpgradeMode.ZeroDowntime ? null : TimelineAggregator.Aggregate(events), display, shortNodeThreshold,
            configurationDownloadable, texts);
    }

    /// <summary>The View Log panel of <paramref name="record"/> with its aggregated <paramref name="timeline"/>.</summary>
    /// <param name="record">The record.</param>
    /// <param name="timeline">
    /// The record's timeline (<see cref="TimelineAggregator"/>, of its events or of its stores' summaries);
    /// ignored for zero-downtime records, where it may be null. Null for another record shows every node not started.
    /// </param>
    /// <param name="display">Zone, culture and time pattern.</param>
    /// <param name="shortNodeThreshold">Finished nodes shorter than this show only their completion time; see <see cref="UpgradeKitOptions.ShortNodeThreshold"/>.</param>
    /// <param name="configurationDownloadable">Whether the panel offers the configuration download, as in the other overload.</param>
    /// <exception cref="ArgumentNullException"><paramref name="record"/> or <paramref name="display"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="shortNodeThreshold"/> is negative.</exception>
    /// <exception cref="ImpossibleTimeException">The record holds an end before its start.</exception>
    public static ViewLogPanel ToViewLog(UpgradeRecord record, UpgradeTimeline? timeline, DisplayContext display, Duration shortNodeThreshold,
        bool configurationDownloadable) =>
        ToViewLog(record, timeline, display, shortNodeThreshold, configurationDownloadable, UpgradeKitTexts.Default);

    /// <summary>The View Log panel of <paramref name="record"/> with its aggregated <paramref name="timeline"/>, in the host's <paramref name="texts"/>.</summary>
    /// <param name="record">The record.</param>
    /// <param name="timeline">The record's timeline, as in the other overloads; may be null for zero-downtime records.</param>
    /// <param name="display">Zone, culture and time pattern.</param>
    /// <param name="shortNodeThreshold">Finished nodes shorter than this show only their completion time; see <see cref="UpgradeKitOptions.ShortNodeThreshold"/>.</param>
    /// <param name="configurationDownloadable">Whether the panel offers the configuration download, as in the other overloads.</param>
    /// <param name="texts">Where the names come from, e.g. <c>UpgradeQueries.Texts</c>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="record"/>, <paramref name="display"/> or <paramref name="texts"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="shortNodeThreshold"/> is negative.</exception>
    /// <exception cref="ImpossibleTimeException">The record holds an end before its start.</exception>
    public static ViewLogPanel ToViewLog(UpgradeRecord record, UpgradeTimeline? timeline, DisplayContext display, Duration shortNodeThreshold,
        bool configurationDownloadable, UpgradeKitTexts texts)
    {
        Guard.NotNull(record);
        Guard.NotNull(display);
        Guard.NotNull(texts);
        if (shortNodeThreshold < Duration.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(shortNodeThreshold), shortNodeThreshold, "The short-node threshold cannot be negative.");
        }

        var names = DisplayNames.For(texts, display.Culture);
        var upgrade = UpgradeTimes.Upgrade(record);
        var maintenance = UpgradeTimes.Maintenance(record);
        IReadOnlyList<TimelineNodeView>? nodeViews = null;
        IReadOnlyList<TimelineGapView>? gaps = null;
        if (record.Mode != UpgradeMode.ZeroDowntime)
        {
            var nodes = new List<TimelineNodeView>(5);
            var shown = timeline ?? TimelineAggregator.FromSummaries([]);
            foreach (var node in shown.Nodes)
            {
                if (node.IsShown)
                {
                    nodes.Add(NodeView(node, record, upgrade.Start, display, names, shortNodeThreshold));
                }
            }

            nodeViews = nodes;
            gaps = TimelineGeometry.Gaps(shown, upgrade);
        }

        return new ViewLogPanel
        {
            Id = record.Id,
            TargetVersion = record.TargetVersion.ToString(),
            InitialVersion = record.InitialVersion.ToString(),
            Status = names.Status(record.Status),
            ConfigurationFile = new ConfigurationFileView
            {
                FileName = record.Configuration?.FileName, Length = record.Configuration?.Length, Downloadable = configurationDownloadable,
            },
            Mode = names.Mode(record.Mode),
            DataServiceStudioMode = names.DataServiceStudioMode(record.DataServiceStudioMode),
            Upgrade = RangeView(upgrade, display, DurationStates.Upgrade(record, upgrade)),
            Maintenance = maintenance is { } m ? RangeView(m, display, DurationStates.Maintenance(record, m)) : null,
            Timeline = nodeViews,
            TimelineGaps = gaps,
            Culture = names.Culture,
        };
    }

    private static TimeRangeView RangeView(TimeRange range, DisplayContext display, DurationState state) =>
        new()
        {
            StartedAt = range.Start,
            EndedAt = range.End,
            Start = display.FormatTime(range.Start),
            End = display.FormatTime(range.End),
            Total = DurationText.Format(range.Total),
            TotalSeconds = DurationStates.Seconds(range),
            State = state,
        };

    /// <summary>R-TIME-7: not started, no time; running, "{start} ~"; short, the completion time; otherwise both.</summary>
    private static TimelineNodeView NodeView(TimelineNode node, UpgradeRecord record, Instant? origin, DisplayContext display, DisplayNames names, Duration threshold)
    {
        string? start = null;
        string? end = null;
        string text;
        switch (node.State)
        {
            case TimelineNodeState.Running:
                start = display.FormatTime(node.StartedAt!.Value);
                text = start + " ~";
                break;
            case TimelineNodeState.Finished when node.IsShort(threshold):
                end = display.FormatTime(node.EndedAt!.Value);
                text = end;
                break;
            case TimelineNodeState.Finished:
                start = display.FormatTime(node.StartedAt!.Value);
                end = display.FormatTime(node.EndedAt!.Value);
                text = start + " ~ " + end;
                break;
            default:
                text = string.Empty;
                break;
        }

        IReadOnlyList<DataUpdateTaskView> tasks = node.Tasks.Count == 0
            ? []
            : [.. node.Tasks.Select(t => new DataUpdateTaskView
            {
                Name = t.Name,
                Status = names.TaskStatus(t.Status),
                StartedAt = t.StartedAt,
                EndedAt = t.EndedAt,
                Start = display.FormatTime(t.StartedAt),
                End = display.FormatTime(t.EndedAt),
                OffsetMilliseconds = TimelineGeometry.Offset(t.StartedAt ?? t.EndedAt, origin),
                DurationMilliseconds = TimelineGeometry.TaskDuration(t),
                DurationState = TimelineGeometry.TaskState(t, record),
                DetailsLink = t.DetailsLink,
            })];
        return new TimelineNodeView
        {
            Node = node.Kind,
            Name = names.Node(node.Kind),
            State = node.State,
            StartedAt = node.StartedAt,
            EndedAt = node.EndedAt,
            Start = start,
            End = end,
            Text = text,
            OffsetMilliseconds = TimelineGeometry.Offset(node.StartedAt, origin),
            DurationMilliseconds = node.Duration is { } d ? TimelineGeometry.Milliseconds(d) : null,
            DurationState = TimelineGeometry.NodeState(node, record),
            Tasks = tasks,
        };
    }

    private static IReadOnlyList<ActionView> ActionViewsFor(ActionEligibilitySet actions, DisplayNames names)
    {
        if (ActionViewCache.TryGetValue(actions, out var cached) && ReferenceEquals(cached.Names, names))
        {
            return cached.Views;
        }

        var views = new ActionView[actions.Count];
        for (var i = 0; i < views.Length; i++)
        {
            var a = actions[i];
            views[i] = new ActionView { Action = a.Action, Name = names.Action(a.Action), Offered = a.IsOffered, Reason = a.Reason, Explanation = a.Explanation, ReasonRequired = a.ReasonRequired };
        }

        // Rows share the list: read-only, so no host can change another row's actions through it.
        var list = Array.AsReadOnly(views);
        ActionViewCache.AddOrUpdate(actions, new ActionViews(names, list));
        return list;
    }

    private sealed record ActionViews(DisplayNames Names, IReadOnlyList<ActionView> Views);
}
