namespace Dataphin.UpgradeKit;

/// <summary>Machine-readable reasons why an action is not offered or an operation was refused.</summary>
public enum ActionReasonCode
{
    /// <summary>No reason: the action is offered, or the operation was accepted.</summary>
    None = 0,

    /// <summary>The record's status does not support the action.</summary>
    StatusNotEligible = 1,

    /// <summary>Stop is no longer possible: the force-stop task has run and application shutdown has started.</summary>
    StopWindowClosed = 2,

    /// <summary>Only a qualified O&amp;M engineer may force-stop.</summary>
    OperatorNotQualified = 3,

    /// <summary>A force-stop needs the declaration checkbox.</summary>
    DeclarationRequired = 4,

    /// <summary>A force-stop needs a declared result, succeeded or failed.</summary>
    ForceStopResultRequired = 5,

    /// <summary>Maintenance upgrade mode is not on, so it cannot be exited.</summary>
    MaintenanceModeNotActive = 6,

    /// <summary>No configuration file was saved for the record.</summary>
    ConfigurationNotSaved = 7,

    /// <summary>Someone else changed the record first (optimistic concurrency).</summary>
    ConcurrencyConflict = 8,

    /// <summary>The host requires a reason for this action, and none was given.</summary>
    ReasonRequired = 20,

    /// <summary>Force-stop needs a second qualified operator's approval: request it instead.</summary>
    ApprovalRequired = 21,

    /// <summary>A force-stop request is already awaiting approval on this record.</summary>
    ForceStopRequestPending = 22,

    /// <summary>No force-stop request is awaiting approval on this record.</summary>
    NoForceStopRequestPending = 23,

    /// <summary>The operator who asked for the force-stop cannot approve or reject it: a different qualified operator must.</summary>
    RequesterCannotDecide = 24,

    /// <summary>The host does not let the upgrade's creator approve or reject its force-stop.</summary>
    CreatorCannotDecide = 25,

    /// <summary>Only the operator who asked for the force-stop can withdraw the request.</summary>
    NotTheRequester = 26,
}
