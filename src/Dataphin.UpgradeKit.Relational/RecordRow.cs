using System.Data.Common;
using Dataphin.UpgradeKit.Lifecycle;
using NodaTime;

namespace Dataphin.UpgradeKit.Relational;

/// <summary>
/// How an <see cref="UpgradeRecord"/> maps to the <c>upgrade_records</c> row and its <c>upgrade_configurations</c>
/// row, in both database stores. Times are Unix ticks (100 ns, UTC), enums their declared numbers, versions their
/// text plus a <see cref="VersionKey"/>. The configuration's bytes live in their own table and are not in the select
/// list: reading a record reads its configuration's name and save time only.
/// </summary>
internal static class RecordRow
{
    /// <summary>The select list, records aliased <c>r</c> and configurations <c>c</c>, in the order <see cref="Read"/> expects.</summary>
    public const string SelectColumns =
        "r.id, r.version, r.status, r.target_version, r.initial_version, r.mode, r.dss_mode, r.created_at, r.created_by, " +
        "r.upgrade_started_at, r.upgrade_ended_at, r.maintenance_started_at, r.maintenance_ended_at, " +
        "r.force_stop_task_ran, r.application_shutdown_started, r.current_step, r.rerun_force_stopped_instances, " +
        "r.force_stop_result, r.failure_reason, c.file_name, c.saved_at, c.file_length, r.steps_completed_at";

    /// <summary>How many columns <see cref="SelectColumns"/> names (counted from it, so a column added there moves what follows).</summary>
    public static readonly int ColumnCount = SelectColumns.Split(',').Length;

    /// <summary>Every column but <c>id</c>, for inserts and updates; the parameter of each is <c>@</c> plus its name.</summary>
    public static readonly IReadOnlyList<string> WrittenColumns =
    [
        "version", "status", "target_version", "target_version_key", "initial_version", "initial_version_key", "mode", "dss_mode",
        "created_at", "created_by", "upgrade_started_at", "upgrade_ended_at", "maintenance_started_at", "maintenance_ended_at",
        "force_stop_task_ran", "application_shutdown_started", "current_step", "rerun_force_stopped_instances",
        "force_stop_result", "failure_reason", "steps_completed_at",
    ];

    /// <summary>The values of <see cref="WrittenColumns"/>, in that order; <see cref="DBNull"/> for absent values.</summary>
    public static object[] Values(UpgradeRecord record) =>
    [
        record.Version,
        (int)record.Status,
        record.TargetVersion.ToString(),
        VersionKey.For(record.TargetVersion),
        record.InitialVersion.ToString(),
        VersionKey.For(record.InitialVersion),
        (int)record.Mode,
        (int)record.DataServiceStudioMode,
        record.CreatedAt.ToUnixTimeTicks(),
        record.CreatedBy,
        Ticks(record.UpgradeStartedAt),
        Ticks(record.UpgradeEndedAt),
        Ticks(record.MaintenanceStartedAt),
        Ticks(record.MaintenanceEndedAt),
        record.ForceStopTaskRan,
        record.ApplicationShutdownStarted,
        (object?)record.CurrentStep ?? DBNull.Value,
        record.RerunForceStoppedInstances is { } rerun ? rerun : DBNull.Value,
        record.ForceStopResult is { } result ? (int)result : DBNull.Value,
        (object?)record.FailureReason ?? DBNull.Value,
        Ticks(record.StepsCompletedAt),
    ];

    /// <summary>Reads a row selected with <see cref="SelectColumns"/>.</summary>
    /// <exception cref="UnreachableRecordStateException">The row describes a state no operation can produce.</exception>
    public static UpgradeRecord Read(DbDataReader reader) => new UpgradeRecordSnapshot
    {
        Id = new UpgradeRecordId(reader.GetGuid(0)),
        Version = reader.GetInt64(1),
        Status = (UpgradeStatus)reader.GetInt32(2),
        TargetVersion = ProductVersion.Parse(reader.GetString(3)),
        InitialVersion = ProductVersion.Parse(reader.GetString(4)),
        Mode = (UpgradeMode)reader.GetInt32(5),
        DataServiceStudioMode = (DataServiceStudioUpgradeMode)reader.GetInt32(6),
        CreatedAt = Instant.FromUnixTimeTicks(reader.GetInt64(7)),
        CreatedBy = reader.GetString(8),
        UpgradeStartedAt = InstantOrNull(reader, 9),
        UpgradeEndedAt = InstantOrNull(reader, 10),
        MaintenanceStartedAt = InstantOrNull(reader, 11),
        MaintenanceEndedAt = InstantOrNull(reader, 12),
        ForceStopTaskRan = reader.GetBoolean(13),
        ApplicationShutdownStarted = reader.GetBoolean(14),
        CurrentStep = reader.IsDBNull(15) ? null : reader.GetString(15),
        RerunForceStoppedInstances = reader.IsDBNull(16) ? null : reader.GetBoolean(16),
        ForceStopResult = reader.IsDBNull(17) ? null : (ForceStopResult)reader.GetInt32(17),
        FailureReason = reader.IsDBNull(18) ? null : reader.GetString(18),
        Configuration = reader.IsDBNull(19)
            ? null
            : new ConfigurationFileInfo(reader.GetString(19), Instant.FromUnixTimeTicks(reader.GetInt64(20)), reader.IsDBNull(21) ? null : reader.GetInt64(21)),
        StepsCompletedAt = InstantOrNull(reader, 22),
    }.ToRecord();

    private static object Ticks(Instant? instant) => instant is { } i ? i.ToUnixTimeTicks() : DBNull.Value;

    private static Instant? InstantOrNull(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : Instant.FromUnixTimeTicks(reader.GetInt64(ordinal));
}
