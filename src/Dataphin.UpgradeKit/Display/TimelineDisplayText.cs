using System.Globalization;
using Dataphin.UpgradeKit.Timeline;

namespace Dataphin.UpgradeKit.Display;

/// <summary>Display names of the detailed timeline (R-DISP-1), English by default, <c>zh-CN</c> shipped. Thread-safe.</summary>
public static class TimelineDisplayText
{
    /// <summary>The node's name, e.g. "Database backup".</summary>
    public static string Node(TimelineNodeKind node, CultureInfo? culture = null) => TextCatalog.Get("Node_" + node, culture);

    /// <summary>A data-update task's status, e.g. "Skipped".</summary>
    public static string TaskStatus(DataUpdateTaskStatus status, CultureInfo? culture = null) => TextCatalog.Get("TaskStatus_" + status, culture);

    /// <summary>A node's state, e.g. "Not started".</summary>
    public static string NodeState(TimelineNodeState state, CultureInfo? culture = null) => TextCatalog.Get("NodeState_" + state, culture);
}
