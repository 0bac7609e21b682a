namespace Dataphin.UpgradeKit.Timeline;

/// <summary>The raw progress events the host reports for the detailed timeline.</summary>
public enum TimelineEventKind
{
    /// <summary>A service (the subject) started stopping.</summary>
    ServiceStoppingStarted = 1,

    /// <summary>A service finished stopping.</summary>
    ServiceStoppingFinished = 2,

    /// <summary>The backup of a database (the subject) began.</summary>
    DatabaseBackupStarted = 3,

    /// <summary>The backup of a database completed.</summary>
    DatabaseBackupCompleted = 4,

    /// <summary>A service of the new version started starting.</summary>
    ServiceStartingStarted = 5,

    /// <summary>A service of the new version finished starting.</summary>
    ServiceStartingFinished = 6,

    /// <summary>A data-update task (the subject) started.</summary>
    DataUpdateTaskStarted = 7,

    /// <summary>A data-update task finished with an outcome.</summary>
    DataUpdateTaskFinished = 8,

    /// <summary>The DataService Studio upgrade began.</summary>
    DataServiceStudioUpgradeStarted = 9,

    /// <summary>The DataService Studio upgrade completed.</summary>
    DataServiceStudioUpgradeCompleted = 10,
}

/// <summary>The classification of <see cref="TimelineEventKind"/>, beside its members: one arm per kind.</summary>
internal static partial class TimelineEventKinds
{
    /// <summary>The node an event kind belongs to, and whether it starts (rather than ends) its subject.</summary>
    public static (TimelineNodeKind Node, bool IsStart) Classify(TimelineEventKind kind) => kind switch
    {
        TimelineEventKind.ServiceStoppingStarted => (TimelineNodeKind.StopServices, true),
        TimelineEventKind.ServiceStoppingFinished => (TimelineNodeKind.StopServices, false),
        TimelineEventKind.DatabaseBackupStarted => (TimelineNodeKind.DatabaseBackup, true),
        TimelineEventKind.DatabaseBackupCompleted => (TimelineNodeKind.DatabaseBackup, false),
        TimelineEventKind.ServiceStartingStarted => (TimelineNodeKind.UpgradeServices, true),
        TimelineEventKind.ServiceStartingFinished => (TimelineNodeKind.UpgradeServices, false),
        TimelineEventKind.DataUpdateTaskStarted => (TimelineNodeKind.DataUpdate, true),
        TimelineEventKind.DataUpdateTaskFinished => (TimelineNodeKind.DataUpdate, false),
        TimelineEventKind.DataServiceStudioUpgradeStarted => (TimelineNodeKind.DataServiceStudioUpgrade, true),
        TimelineEventKind.DataServiceStudioUpgradeCompleted => (TimelineNodeKind.DataServiceStudioUpgrade, false),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown timeline event kind."),
    };
}
