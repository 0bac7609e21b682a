using System.Data.Common;
using Dataphin.UpgradeKit.Actions;
using Dataphin.UpgradeKit.Auditing;
using Dataphin.UpgradeKit.Lifecycle;
using NodaTime;

namespace Dataphin.UpgradeKit.Relational;

/// <summary>How an <see cref="AuditEntry"/> maps to an <c>audit_entries</c> row (the record id column is the adapter's).</summary>
internal static class AuditRow
{
    public const string SelectColumns = "at, actor, operation, outcome, status_before, status_after, reason, record_version, options";

    public static readonly IReadOnlyList<string> WrittenColumns =
        ["at", "actor", "operation", "outcome", "status_before", "status_after", "reason", "record_version", "options"];

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
    ];

    public static AuditEntry Read(UpgradeRecordId recordId, DbDataReader reader) => new(
        recordId,
        Instant.FromUnixTimeTicks(reader.GetInt64(0)),
        reader.GetString(1),
        (UpgradeOperation)reader.GetInt32(2),
        (AuditOutcome)reader.GetInt32(3),
        reader.IsDBNull(4) ? null : (UpgradeStatus)reader.GetInt32(4),
        reader.IsDBNull(5) ? null : (UpgradeStatus)reader.GetInt32(5),
        (ActionReasonCode)reader.GetInt32(6),
        reader.GetInt64(7),
        StorageJson.ReadOptions(reader.GetString(8)));
}
