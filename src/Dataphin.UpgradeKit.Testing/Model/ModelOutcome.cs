using Dataphin.UpgradeKit.Auditing;
using NodaTime;

namespace Dataphin.UpgradeKit.Testing.Model;

/// <summary>How the reference model says a request ends.</summary>
public enum ModelVerdict
{
    /// <summary>Accepted; the record changed (a new version).</summary>
    Changed = 0,

    /// <summary>Accepted; the record did not change (Resume upgrade, Resume verification). Audited.</summary>
    Observed = 1,

    /// <summary>Accepted; the record is gone (a cancel before any configuration was saved, when the rules remove it).</summary>
    Removed = 2,

    /// <summary>Refused with a reason code; audited; nothing else changes.</summary>
    Refused = 3,

    /// <summary>
    /// Rejected because it would end the upgrade or maintenance mode before it started (the clock went back): an
    /// impossible-time error; nothing changes and nothing is audited, since the request's times are not well-formed.
    /// </summary>
    ImpossibleTime = 4,
}

/// <summary>The audit entry the reference model expects, compared by value; <see cref="Options"/> as sorted <c>key=value</c> pairs.</summary>
/// <param name="At">When.</param>
/// <param name="Actor">The operator's id, or <c>system</c> for host reports.</param>
/// <param name="Operation">What was asked.</param>
/// <param name="Outcome">Accepted or refused.</param>
/// <param name="StatusBefore">The status before.</param>
/// <param name="StatusAfter">The status after; null when the record was removed.</param>
/// <param name="Reason">Why it was refused; none when accepted.</param>
/// <param name="RecordVersion">The record's version after the request.</param>
/// <param name="Options">The options chosen, as sorted <c>key=value</c> pairs joined by <c>;</c>.</param>
public sealed record ModelAudit(Instant At, string Actor, UpgradeOperation Operation, AuditOutcome Outcome, UpgradeStatus? StatusBefore,
    UpgradeStatus? StatusAfter, ActionReasonCode Reason, long RecordVersion, string Options)
{
    /// <summary>The operator's reason recorded with the entry; null when none.</summary>
    public string? OperatorReason { get; init; }

    /// <summary>The model's view of an audit entry the SDK stored.</summary>
    /// <param name="entry">The entry.</param>
    public static ModelAudit Of(AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return new ModelAudit(entry.At, entry.Actor, entry.Operation, entry.Outcome, entry.StatusBefore, entry.StatusAfter, entry.Reason,
            entry.RecordVersion, OptionsText(entry.Options))
        {
            OperatorReason = entry.OperatorReason,
        };
    }

    /// <summary>Options as sorted <c>key=value</c> pairs joined by <c>;</c>.</summary>
    /// <param name="options">The options.</param>
    public static string OptionsText(IEnumerable<KeyValuePair<string, string>> options) =>
        string.Join(";", options.OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => $"{o.Key}={o.Value}"));
}

/// <summary>The kinds of host notification.</summary>
public enum ModelNotificationKind
{
    /// <summary>The upgrade was stopped.</summary>
    Stopped = 0,

    /// <summary>The upgrade was completed.</summary>
    Completed = 1,

    /// <summary>The host reported the upgrade failed.</summary>
    Failed = 2,

    /// <summary>The upgrade was force-stopped.</summary>
    ForceStopped = 3,
}

/// <summary>A host notification the reference model expects, compared by value (its generated id aside).</summary>
/// <param name="Kind">Which notification.</param>
/// <param name="OccurredAt">When the change happened.</param>
/// <param name="RerunForceStoppedInstances">Stopped: the operator's choice.</param>
/// <param name="ExitMaintenanceMode">Stopped: whether the host must exit maintenance mode.</param>
/// <param name="Result">Force-stopped: the declared result.</param>
/// <param name="Reason">Failed: the host's description.</param>
public sealed record ModelNotification(ModelNotificationKind Kind, Instant OccurredAt, bool? RerunForceStoppedInstances = null,
    bool? ExitMaintenanceMode = null, ForceStopResult? Result = null, string? Reason = null)
{
    /// <summary>Stopped, force-stopped: the operator's reason; null when none.</summary>
    public string? OperatorReason { get; init; }
}

/// <summary>
/// What the reference model says a request does: the verdict, the reason when refused, the record afterwards, the
/// audit entry and the host notifications.
/// </summary>
public sealed record ModelOutcome
{
    /// <summary>How the request ends.</summary>
    public required ModelVerdict Verdict { get; init; }

    /// <summary>Why it was refused; none otherwise.</summary>
    public ActionReasonCode Reason { get; init; }

    /// <summary>The record afterwards; null when removed. Unchanged when refused or rejected.</summary>
    public required ModelRecord? Record { get; init; }

    /// <summary>The audit entry the request adds; null when none.</summary>
    public ModelAudit? Audit { get; init; }

    /// <summary>The host notifications the request adds.</summary>
    public IReadOnlyList<ModelNotification> Notifications { get; init; } = [];

    /// <summary>True when the request was accepted (changed, observed or removed).</summary>
    public bool Accepted => Verdict is ModelVerdict.Changed or ModelVerdict.Observed or ModelVerdict.Removed;
}

/// <summary>Whether the Actions column offers an action and, when it does not, why.</summary>
/// <param name="Action">The action.</param>
/// <param name="IsOffered">True when offered.</param>
/// <param name="Reason">Why not; none when offered.</param>
public readonly record struct ModelOffer(UpgradeAction Action, bool IsOffered, ActionReasonCode Reason);
