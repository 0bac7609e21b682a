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
public sealed record ModelAudit
{
    /// <summary>When.</summary>
    public required Instant At { get; init; }

    /// <summary>The operator's id, or <c>system</c> for host reports.</summary>
    public required string Actor { get; init; }

    /// <summary>What was asked.</summary>
    public required UpgradeOperation Operation { get; init; }

    /// <summary>Accepted or refused.</summary>
    public required AuditOutcome Outcome { get; init; }

    /// <summary>The status before.</summary>
    public required UpgradeStatus? StatusBefore { get; init; }

    /// <summary>The status after; null when the record was removed.</summary>
    public required UpgradeStatus? StatusAfter { get; init; }

    /// <summary>Why it was refused; none when accepted.</summary>
    public ActionReasonCode Reason { get; init; }

    /// <summary>The record's version after the request.</summary>
    public required long RecordVersion { get; init; }

    /// <summary>The options chosen, as sorted <c>key=value</c> pairs joined by <c>;</c>.</summary>
    public required string Options { get; init; }

    /// <summary>The operator's reason recorded with the entry; null when none.</summary>
    public string? OperatorReason { get; init; }

    /// <summary>The model's view of an audit entry the SDK stored.</summary>
    /// <param name="entry">The entry.</param>
    public static ModelAudit Of(AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return new ModelAudit
        {
            At = entry.At,
            Actor = entry.Actor,
            Operation = entry.Operation,
            Outcome = entry.Outcome,
            StatusBefore = entry.StatusBefore,
            StatusAfter = entry.StatusAfter,
            Reason = entry.Reason,
            RecordVersion = entry.RecordVersion,
            Options = OptionsText(entry.Options),
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
public sealed record ModelNotification
{
    /// <summary>Which notification.</summary>
    public required ModelNotificationKind Kind { get; init; }

    /// <summary>When the change happened.</summary>
    public required Instant OccurredAt { get; init; }

    /// <summary>Stopped: the operator's choice.</summary>
    public bool? RerunForceStoppedInstances { get; init; }

    /// <summary>Stopped: whether the host must exit maintenance mode.</summary>
    public bool? ExitMaintenanceMode { get; init; }

    /// <summary>Force-stopped: the declared result.</summary>
    public ForceStopResult? Result { get; init; }

    /// <summary>Failed: the host's description.</summary>
    public string? Reason { get; init; }

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
