namespace Dataphin.UpgradeKit.Timeline;

/// <summary>The nodes of the detailed timeline, in the order the log shows them.</summary>
public enum TimelineNodeKind
{
    /// <summary>Stop services: first service started stopping to last service finished stopping.</summary>
    StopServices = 0,

    /// <summary>Database backup: backup of the first database began to backup of the last database completed.</summary>
    DatabaseBackup = 1,

    /// <summary>Upgrade services: first service of the new version started starting to the last one finished starting.</summary>
    UpgradeServices = 2,

    /// <summary>Data update: first data-update task started to last data-update task finished; lists each task.</summary>
    DataUpdate = 3,

    /// <summary>DataService Studio upgrade: its upgrade began to its upgrade completed.</summary>
    DataServiceStudioUpgrade = 4,
}
