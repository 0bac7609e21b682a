using System.Data.Common;
using Dataphin.UpgradeKit.Estimates;
using Dataphin.UpgradeKit.Storage;
using Dataphin.UpgradeKit.Timeline;
using NodaTime;

namespace Dataphin.UpgradeKit.Relational;

/// <summary>
/// The comparable upgrades of estimates in <c>estimate_comparables</c> (schema version 3): one row per succeeded upgrade,
/// read per mode through the (mode, finished_at) index, newest first, LIMIT the window.
/// </summary>
internal sealed class RelationalEstimates(RelationalDatabase db)
{
    private readonly RelationalDatabase _db = db;
    private readonly RelationalDialect _dialect = db.Dialect;

    private const string ComparableColumns =
        "record_id, mode, finished_at, duration, stop_services_end, database_backup_end, upgrade_services_end, data_update_end, studio_upgrade_end, " +
        "steps_completed_end";

    // The node columns in TimelineNodeKind order, after the four fixed ones.
    private static readonly TimelineNodeKind[] ComparableNodes =
        [TimelineNodeKind.StopServices, TimelineNodeKind.DatabaseBackup, TimelineNodeKind.UpgradeServices, TimelineNodeKind.DataUpdate, TimelineNodeKind.DataServiceStudioUpgrade];

    // steps_completed_end, after the node columns.
    private const int StepsOrdinal = 9;

    private const string ReadComparablesSql =
        $"SELECT {ComparableColumns} FROM estimate_comparables WHERE mode = @mode ORDER BY finished_at DESC, record_id DESC LIMIT @limit";

    private const string LatestComparableSql = "SELECT max(finished_at) FROM estimate_comparables";

    public Task<IReadOnlyList<ComparableUpgrade>> ReadComparablesAsync(UpgradeMode mode, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return _db.ReadAsync<IReadOnlyList<ComparableUpgrade>>("read comparable upgrades", async connection =>
        {
            await using var command = Sql.Command(connection, null, ReadComparablesSql, Sql.P("@mode", (int)mode), Sql.P("@limit", limit));
            return await Sql.ReadAllAsync(command, ReadComparable, cancellationToken).ConfigureAwait(false);
        }, cancellationToken);
    }

    public Task SaveComparablesAsync(IReadOnlyCollection<ComparableUpgrade> comparables, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(comparables);
        foreach (var c in comparables)
        {
            ArgumentNullException.ThrowIfNull(c, nameof(comparables));
        }

        if (comparables.Count == 0)
        {
            return Task.CompletedTask;
        }

        // A row already kept for the record stays as it is: two host instances catching up at once store it once.
        var sql = _dialect.InsertUnlessExists("estimate_comparables", ComparableColumns,
            "@record_id, @mode, @finished_at, @duration, @n0, @n1, @n2, @n3, @n4, @steps", "record_id");
        return _db.WriteAsync("keep comparable upgrades", async (connection, transaction) =>
        {
            foreach (var c in comparables)
            {
                await using var command = Sql.Command(connection, transaction, sql,
                    _db.Id("@record_id", c.RecordId),
                    Sql.P("@mode", (int)c.Mode),
                    Sql.P("@finished_at", c.FinishedAt.ToUnixTimeTicks()),
                    Sql.P("@duration", c.Duration.BclCompatibleTicks));
                for (var i = 0; i < ComparableNodes.Length; i++)
                {
                    Sql.Add(command, "@n" + i.ToString(System.Globalization.CultureInfo.InvariantCulture),
                        c.NodeEnds.TryGetValue(ComparableNodes[i], out var end) ? end.BclCompatibleTicks : DBNull.Value);
                }

                Sql.Add(command, "@steps", c.StepsCompletedAfter is { } steps ? steps.BclCompatibleTicks : DBNull.Value);
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            return true;
        }, null, cancellationToken);
    }

    public Task<Instant?> LatestComparableFinishAsync(CancellationToken cancellationToken) =>
        _db.ReadAsync<Instant?>("read the latest comparable upgrade", async connection =>
        {
            var value = await Sql.ScalarAsync(connection, null, LatestComparableSql, cancellationToken).ConfigureAwait(false);
            return value is null or DBNull ? null : Instant.FromUnixTimeTicks(Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture));
        }, cancellationToken);

    private static ComparableUpgrade ReadComparable(DbDataReader reader)
    {
        var ends = new Dictionary<TimelineNodeKind, Duration>();
        for (var i = 0; i < ComparableNodes.Length; i++)
        {
            if (!reader.IsDBNull(4 + i))
            {
                ends[ComparableNodes[i]] = Duration.FromTicks(reader.GetInt64(4 + i));
            }
        }

        return new ComparableUpgrade
        {
            RecordId = new UpgradeRecordId(reader.GetGuid(0)),
            Mode = (UpgradeMode)reader.GetInt32(1),
            FinishedAt = Instant.FromUnixTimeTicks(reader.GetInt64(2)),
            Duration = Duration.FromTicks(reader.GetInt64(3)),
            NodeEnds = ends,
            StepsCompletedAfter = reader.IsDBNull(StepsOrdinal) ? null : Duration.FromTicks(reader.GetInt64(StepsOrdinal)),
        };
    }
}
