using System.Globalization;
using Dataphin.UpgradeKit.Timeline;

namespace Dataphin.UpgradeKit.Display;

/// <summary>Display names of the detailed timeline from the SDK's own texts, English by default, Chinese shipped. Thread-safe.</summary>
public static class TimelineDisplayText
{
    /// <summary>The node's name, e.g. "Database backup".</summary>
    public static string Node(TimelineNodeKind node, CultureInfo? culture = null) => UpgradeKitTexts.Default.GetString("Node_" + node, culture ?? TextCatalog.DefaultCulture);

    /// <summary>A data-update task's status, e.g. "Skipped".</summary>
    public static string TaskStatus(DataUpdateTaskStatus status, CultureInfo? culture = null) =>
        UpgradeKitTexts.Default.GetString("TaskStatus_" + status, culture ?? TextCatalog.DefaultCulture);

    /// <summary>A node's state, e.g. "Not started".</summary>
    public static string NodeState(TimelineNodeState state, CultureInfo? culture = null) =>
        UpgradeKitTexts.Default.GetString("NodeState_" + state, culture ?? TextCatalog.DefaultCulture);
}
