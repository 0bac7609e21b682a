using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using NodaTime;
using NodaTime.Text;

namespace Dataphin.UpgradeKit.Auditing;

/// <summary>
/// One line of a record's audit trail: who did what when, the status before and after, the
/// options chosen, the operator's reason and declaration where the action takes them and, for a refusal, why.
/// Never holds a password or configuration content.
/// </summary>
public sealed record AuditEntry
{
    /// <summary>Creates an empty entry; set the required properties with an object initializer.</summary>
    public AuditEntry()
    {
    }

    /// <summary>Creates an entry from every required part.</summary>
    /// <param name="RecordId">See <see cref="RecordId"/>.</param>
    /// <param name="At">See <see cref="At"/>.</param>
    /// <param name="Actor">See <see cref="Actor"/>.</param>
    /// <param name="Operation">See <see cref="Operation"/>.</param>
    /// <param name="Outcome">See <see cref="Outcome"/>.</param>
    /// <param name="StatusBefore">See <see cref="StatusBefore"/>.</param>
    /// <param name="StatusAfter">See <see cref="StatusAfter"/>.</param>
    /// <param name="Reason">See <see cref="Reason"/>.</param>
    /// <param name="RecordVersion">See <see cref="RecordVersion"/>.</param>
    /// <param name="Options">See <see cref="Options"/>.</param>
    [SetsRequiredMembers]
    [SuppressMessage("Style", "IDE1006:Naming Styles", Justification = "The positional record's parameter names, so that existing named arguments still compile.")]
    public AuditEntry(UpgradeRecordId RecordId, Instant At, string Actor, UpgradeOperation Operation, AuditOutcome Outcome,
        UpgradeStatus? StatusBefore, UpgradeStatus? StatusAfter, ActionReasonCode Reason, long RecordVersion, IReadOnlyDictionary<string, string> Options)
    {
        this.RecordId = RecordId;
        this.At = At;
        this.Actor = Actor;
        this.Operation = Operation;
        this.Outcome = Outcome;
        this.StatusBefore = StatusBefore;
        this.StatusAfter = StatusAfter;
        this.Reason = Reason;
        this.RecordVersion = RecordVersion;
        this.Options = Options;
    }

    /// <summary>The record acted on.</summary>
    public required UpgradeRecordId RecordId { get; init; }

    /// <summary>When.</summary>
    public required Instant At { get; init; }

    /// <summary>The operator's id, or <see cref="SystemActor"/> for what the host reports.</summary>
    public required string Actor { get; init; }

    /// <summary>What was asked.</summary>
    public required UpgradeOperation Operation { get; init; }

    /// <summary>Accepted or refused.</summary>
    public required AuditOutcome Outcome { get; init; }

    /// <summary>The status when the request arrived (null for a creation).</summary>
    public required UpgradeStatus? StatusBefore { get; init; }

    /// <summary>The status afterwards (null when the record was removed).</summary>
    public required UpgradeStatus? StatusAfter { get; init; }

    /// <summary>Why it was refused; <see cref="ActionReasonCode.None"/> when accepted.</summary>
    public required ActionReasonCode Reason { get; init; }

    /// <summary>The record's concurrency version after the change (before it, for a refusal).</summary>
    public required long RecordVersion { get; init; }

    /// <summary>The options chosen, e.g. <c>rerunForceStoppedInstances=true</c>.</summary>
    public required IReadOnlyDictionary<string, string> Options { get; init; }

    /// <summary>
    /// The reason the operator gave for a stop, force-stop or cancel, as they wrote it (trimmed); null when they gave
    /// none or the operation takes none. Operator-written text: show it as text, never as markup.
    /// </summary>
    public string? OperatorReason { get; init; }

    /// <summary>The declaration a force-stop's engineer accepted, exactly as shown to them; null when none was recorded.</summary>
    public ForceStopDeclaration? Declaration { get; init; }

    /// <summary>The actor recorded for changes the host reports as the system.</summary>
    public const string SystemActor = "system";

    /// <summary>An empty set of options.</summary>
    public static IReadOnlyDictionary<string, string> NoOptions { get; } = new Dictionary<string, string>(0);

    /// <summary>
    /// The entry as one line for logs and test output, e.g.
    /// <c>2026-11-25T08:00:00Z alice Stop Accepted Upgrading -&gt; Stopped v5 {rerunForceStoppedInstances=true} record 0193…</c>;
    /// the operator's reason follows, quoted; a refusal ends with its reason. Options are listed in name order; they never hold a secret.
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

        if (OperatorReason is not null)
        {
            // Quoted, with its quotes escaped: a reason holds no line break, and cannot pass for the rest of the line.
            text.Append(" because \"").Append(OperatorReason.Replace("\"", "\\\"", StringComparison.Ordinal)).Append('"');
        }

        if (Declaration is { } declaration)
        {
            text.Append(" declaration ").Append(declaration.Version).Append('/').Append(declaration.Language);
        }

        if (Reason != ActionReasonCode.None)
        {
            text.Append(" reason ").Append(Reason);
        }

        return text.Append(" record ").Append(RecordId).ToString();
    }
}
