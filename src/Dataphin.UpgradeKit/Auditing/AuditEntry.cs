using System.Globalization;
using System.Text;
using NodaTime;
using NodaTime.Text;

namespace Dataphin.UpgradeKit.Auditing;

/// <summary>
/// One line of a record's audit trail: who did what when, the status before and after, the
/// options chosen and, for a refusal, why. Never holds a password or configuration content.
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

    /// <summary>
    /// The entry as one line for logs and test output, e.g.
    /// <c>2026-11-25T08:00:00Z alice Stop Accepted Upgrading -&gt; Stopped v5 {rerunForceStoppedInstances=true} record 0193…</c>;
    /// a refusal ends with its reason. Options are listed in name order; they never hold a secret.
    /// </summary>
    public override string ToString()
    {
        var text = new StringBuilder(128)
            .Append(InstantPattern.ExtendedIso.Format(At)).Append(' ')
            .Append(Actor).Append(' ')
            .Append(Operation).Append(' ')
            .Append(Outcome).Append(' ')
            .Append(StatusBefore?.ToString() ?? "(new)").Append(" -> ").Append(StatusAfter?.ToString() ?? "(removed)")
            .Append(" v").Append(RecordVersion.ToString(CultureInfo.InvariantCulture));
        if (Options.Count > 0)
        {
            text.Append(" {").AppendJoin(", ", Options.OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => o.Key + "=" + o.Value)).Append('}');
        }

        if (Reason != ActionReasonCode.None)
        {
            text.Append(" reason ").Append(Reason);
        }

        return text.Append(" record ").Append(RecordId).ToString();
    }
}
