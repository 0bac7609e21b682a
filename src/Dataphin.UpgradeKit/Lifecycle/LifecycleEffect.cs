namespace Dataphin.UpgradeKit.Lifecycle;

/// <summary>What a request did to a record.</summary>
internal enum LifecycleEffect
{
    /// <summary>Refused: nothing changes but the audit trail.</summary>
    Refused,

    /// <summary>Accepted without changing the record (resume, view log, download): audited only.</summary>
    Observed,

    /// <summary>Accepted: <see cref="LifecycleResult.Record"/> replaces the stored record.</summary>
    Changed,

    /// <summary>Accepted: the record is removed (cancel without saved configuration, R-REC-2).</summary>
    Removed,
}
