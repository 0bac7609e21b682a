using System.Data.Common;
using Dataphin.UpgradeKit.Actions;
using Dataphin.UpgradeKit.Auditing;
using Dataphin.UpgradeKit.Lifecycle;
using NodaTime;

namespace Dataphin.UpgradeKit.Relational;

/// <summary>How an <see cref="AuditEntry"/> maps to an <c>audit_entries</c> row (the record id column is the adapter's).</summary>
internal static class AuditRow
{
    public const string SelectColumns = "at, actor, operation, outcome, status_before, status_after, reason, record_version, options, "
        + "operator_reason, declaration_version, declaration_language, declaration_text";

    public static readonly IReadOnlyList<string> WrittenColumns =
        ["at", "actor", "operation", "outcome", "status_before", "status_after", "reason", "record_version", "options",
        "operator_reason", "declaration_version", "declaration_language", "declaration_text"];

    public static object[] Values(AuditEntry entry) =>
    [
        entry.At.ToUnixTimeTicks(),
        entry.Actor,
        (int)entry.Operation,
        (int)entry.Outcome,
        entry.StatusBefore is { } before ? (int)before : DBNull.Value,
        entry.StatusAfter is { } after ? (int)after : DBNull.Value,
        (int)entry.Reason,
        entry.RecordVersion,
        StorageJson.Write(entry.Options),
        (object?)entry.OperatorReason ?? DBNull.Value,
        (object?)entry.Declaration?.Version ?? DBNull.Value,
        (object?)entry.Declaration?.Language ?? DBNull.Value,
        (object?)entry.Declaration?.Text ?? DBNull.Value,
    ];

    public static AuditEntry Read(UpgradeRecordId recordId, DbDataReader reader) => new()
    {
        RecordId = recordId,
        At = Instant.FromUnixTimeTicks(reader.GetInt64(0)),
        Actor = reader.GetString(1),
        Operation = (UpgradeOperation)reader.GetInt32(2),
        Outcome = (AuditOutcome)reader.GetInt32(3),
        StatusBefore = reader.IsDBNull(4) ? null : (UpgradeStatus)reader.GetInt32(4),
        StatusAfter = reader.IsDBNull(5) ? null : (UpgradeStatus)reader.GetInt32(5),
        Reason = (ActionReasonCode)reader.GetInt32(6),
        RecordVersion = reader.GetInt64(7),
        Options = StorageJson.ReadOptions(reader.GetString(8)),
        OperatorReason = reader.IsDBNull(9) ? null : reader.GetString(9),
        Declaration = reader.IsDBNull(12) ? null : new ForceStopDeclaration
        {
            Version = reader.IsDBNull(10) ? string.Empty : reader.GetString(10),
            Language = reader.IsDBNull(11) ? string.Empty : reader.GetString(11),
            Text = reader.GetString(12),
        },
    };
}
