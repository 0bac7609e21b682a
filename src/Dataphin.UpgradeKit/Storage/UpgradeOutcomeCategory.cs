namespace Dataphin.UpgradeKit.Storage;

/// <summary>
/// How an upgrade ended, in the words of a history search: each status belongs to exactly one category
/// (<see cref="UpgradeOutcomeCategories.Of"/>).
/// </summary>
public enum UpgradeOutcomeCategory
{
    /// <summary>Not finished: Configuring, Upgrading or Verifying.</summary>
    Running = 1,

    /// <summary>Upgrade Succeeded.</summary>
    Succeeded = 2,

    /// <summary>Upgrade Failed.</summary>
    Failed = 3,

    /// <summary>Upgrade Stopped.</summary>
    Stopped = 4,

    /// <summary>Force-stopped, whether marked as succeeded or as failed.</summary>
    ForceStopped = 5,

    /// <summary>Canceled (with its configuration saved; a cancel without one leaves no record).</summary>
    Canceled = 6,
}
