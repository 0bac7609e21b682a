using Dataphin.UpgradeKit.Actions;
using Dataphin.UpgradeKit.Lifecycle;
using NodaTime;

namespace Dataphin.UpgradeKit.Auditing;

/// <summary>
/// One line of a record's audit trail (R-SM-7): who did what when, the status before and after, the
/// options chosen and, for a refusal, why. Never holds a password or configuration content (R-CFG-5).
/// </summary>
/// <param name="RecordId">The record acted on.</param>
/// <param name="At">When.</param>
/// <param name="Actor">The operator's id, or <see cref="SystemActor"/> for what the host reports.</param>
/// <param name="Operation">What was asked.</param>
/// <param name="Outcome">Accepted or refused.</param>
/// <param name="StatusBefore">The status when the request arrived (null for a creation).</param>
/// <param name="StatusAfter">The status afterwards (null when the record was removed).</param>
/// <param name="Reason">Why it was refused; <see cref="ActionReasonCode.None"/> when accepted.</param>
/// <param name="RecordVersion">The record's concurrency version after the change (before it, for a refusal).</param>
/// <param name="Options">The options chosen, e.g. <c>rerunForceStoppedInstances=true</c>.</param>
public sealed record AuditEntry(
    UpgradeRecordId RecordId,
    Instant At,
    string Actor,
    UpgradeOperation Operation,
    AuditOutcome Outcome,
    UpgradeStatus? StatusBefore,
    UpgradeStatus? StatusAfter,
    ActionReasonCode Reason,
    long RecordVersion,
    IReadOnlyDictionary<string, string> Options)
{
    /// <summary>The actor recorded for changes the host reports as the system.</summary>
    public const string SystemActor = "system";

    /// <summary>An empty set of options.</summary>
    public static IReadOnlyDictionary<string, string> NoOptions { get; } = new Dictionary<string, string>(0);
}
