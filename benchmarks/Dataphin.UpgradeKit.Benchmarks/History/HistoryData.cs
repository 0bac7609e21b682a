using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using NodaTime;
using Npgsql;

namespace Dataphin.UpgradeKit.Benchmarks.History;

/// <summary>
/// Bulk data for the history benchmarks, written in the database with SQL (PostgreSQL <c>generate_series</c>, SQLite a
/// recursive CTE), never through the API, into the store's own schema so that the store reads it as its own:
/// records created evenly over five years (up to an hour of jitter), 60 releases a month apart as target versions
/// (one in five records targets one of the three releases before the current one), the initial version one to three
/// releases below, 60 % Maintenance mode, 200 operators of whom the first few create most records (square of a
/// uniform draw), statuses 70 % Succeeded, 8 % Failed, 3 % Stopped, 2 % + 1 % force-stopped (succeeded / failed),
/// 16 % Canceled (never started), the unfinished statuses only among the newest 100 records; an upgrade lasts 10 minutes
/// plus up to 8 hours (cube of a uniform draw, so most are short), its maintenance window (Maintenance mode) 80 % of
/// it. Each record has a configuration row and ten audit entries (create, save, start, five progress reports, complete
/// steps, complete), 20 % of them by another operator and 3 % refused.
/// </summary>
internal static class HistoryData
{
    /// <summary>2021-01-01T00:00:00Z: the first record.</summary>
    public static readonly Instant Base = Instant.FromUtc(2021, 1, 1, 0, 0);

    /// <summary>Five years: the records' creation times spread over it.</summary>
    public static readonly Duration Span = Duration.FromDays(5 * 365);

    private const long Minute = 600_000_000L;

    // One random draw per aspect of a record (columns r1…r7), then the record's columns from them.
    private const string PostgreSqlRecords = """
        SELECT setseed(0.25);
        INSERT INTO upgrade_records (id, version, status, target_version, target_version_key, initial_version, initial_version_key,
            mode, dss_mode, created_at, created_by, upgrade_started_at, upgrade_ended_at, maintenance_started_at, maintenance_ended_at,
            force_stop_task_ran, application_shutdown_started, current_step, rerun_force_stopped_instances, force_stop_result, failure_reason)
        WITH s AS (
            SELECT g, @base + g::bigint * (@span / @n) + floor(random() * 60 * @minute)::bigint AS created_at,
                   random() AS rs, random() AS rm, random() AS rv, random() AS ro, random() AS rd, random() AS rw, random() AS rq
            FROM generate_series(1, @n) g
        ), t AS (
            SELECT s.*,
                CASE WHEN rs < 0.70 THEN 4 WHEN rs < 0.78 THEN 5 WHEN rs < 0.81 THEN 6 WHEN rs < 0.83 THEN 7 WHEN rs < 0.84 THEN 8
                     WHEN g > @n - 100 THEN 1 + floor(rs * 1000)::int % 3 ELSE 9 END AS status,
                greatest(0, (g::bigint * 60 / (@n + 1))::int - CASE WHEN rv < 0.2 THEN 1 + floor(rv * 15)::int ELSE 0 END) AS release,
                10 * @minute + floor(rq * rq * rq * 480 * @minute)::bigint AS duration
            FROM s
        ), v AS (
            SELECT t.*, 3 + release / 12 AS t_major, release % 12 AS t_minor, floor(rw * 3)::int AS t_patch,
                   2 + (release + 11 - floor(rd * 3)::int) / 12 AS i_major, (release + 11 - floor(rd * 3)::int) % 12 AS i_minor,
                   CASE WHEN status IN (1, 9) THEN NULL ELSE created_at + floor(rd * 3 * 24 * 60 * @minute)::bigint END AS started
            FROM t
        )
        SELECT md5('r' || g)::uuid, 10, status,
            'V' || t_major || '.' || t_minor || '.' || t_patch,
            lpad(t_major::text, 10, '0') || '.' || lpad(t_minor::text, 10, '0') || '.' || lpad(t_patch::text, 10, '0') || '.0000000000',
            'V' || i_major || '.' || i_minor || '.0',
            lpad(i_major::text, 10, '0') || '.' || lpad(i_minor::text, 10, '0') || '.0000000000.0000000000',
            CASE WHEN rm < 0.6 THEN 1 ELSE 2 END, 1 + floor(rm * 30)::int % 3, created_at,
            'operator-' || lpad(floor(200 * ro * ro)::int::text, 3, '0'),
            started,
            CASE WHEN status IN (4, 5, 6, 7, 8) THEN started + duration END,
            CASE WHEN rm < 0.6 AND started IS NOT NULL THEN started + 2 * @minute END,
            CASE WHEN rm < 0.6 AND status IN (4, 5, 6, 7, 8) THEN started + 2 * @minute + duration * 8 / 10 END,
            status IN (7, 8), status IN (4, 5, 6, 7, 8), CASE WHEN status IN (2, 3) THEN 'UpgradeServices' END,
            CASE WHEN status = 6 THEN false END, CASE WHEN status = 7 THEN 1 WHEN status = 8 THEN 2 END,
            CASE WHEN status = 5 THEN 'Data update failed on node ' || floor(rq * 12)::int END
        FROM v ORDER BY g;
        INSERT INTO upgrade_configurations (record_id, file_name, saved_at, content, file_length)
        SELECT id, 'upgrade-' || target_version || '.yaml.age', created_at + @minute, '\x00'::bytea, 2048
        FROM upgrade_records WHERE status <> 9;
        INSERT INTO audit_entries (record_id, at, actor, operation, outcome, status_before, status_after, reason, record_version, options)
        SELECT r.id, r.created_at + k * coalesce(r.upgrade_ended_at - r.created_at, 60 * @minute) / 10,
            CASE WHEN random() < 0.8 THEN r.created_by ELSE 'operator-' || lpad(floor(200 * random())::int::text, 3, '0') END,
            (ARRAY[1, 2, 3, 4, 4, 4, 4, 4, 5, 13])[k], CASE WHEN random() < 0.03 THEN 2 ELSE 1 END,
            CASE WHEN k = 10 THEN 3 END, CASE WHEN k = 1 THEN 1 WHEN k = 10 THEN r.status END, 0, k,
            CASE WHEN k = 2 THEN '{"fileName":"upgrade.yaml.age","length":"2048"}' ELSE '{}' END
        FROM upgrade_records r CROSS JOIN generate_series(1, 10) k ORDER BY r.created_at, k;
        """;

    /// <summary>Fills an empty PostgreSQL store database with <paramref name="records"/> records; returns the time it took (with VACUUM ANALYZE).</summary>
    public static async Task<TimeSpan> FillPostgreSqlAsync(string connectionString, int records)
    {
        var watch = Stopwatch.StartNew();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using (var fill = new NpgsqlCommand(PostgreSqlRecords, connection) { CommandTimeout = 3600 })
        {
            fill.Parameters.AddWithValue("@base", Base.ToUnixTimeTicks());
            fill.Parameters.AddWithValue("@span", Span.BclCompatibleTicks);
            fill.Parameters.AddWithValue("@n", records);
            fill.Parameters.AddWithValue("@minute", Minute);
            await fill.ExecuteNonQueryAsync();
        }

        await using (var analyze = new NpgsqlCommand("VACUUM ANALYZE", connection) { CommandTimeout = 3600 })
        {
            await analyze.ExecuteNonQueryAsync();
        }

        return watch.Elapsed;
    }

    // SQLite: the same shape; a uniform draw is abs(random()) / 2^63, ids are 32 random hex digits (the store's id text).
    private const string SqliteRecords = """
        CREATE TEMP TABLE s AS
        WITH RECURSIVE n(g) AS (SELECT 1 UNION ALL SELECT g + 1 FROM n WHERE g < @n)
        SELECT g, printf('%016x%016x', random(), random()) AS id,
               @base + g * (@span / @n) + CAST(abs(random()) / 9223372036854775808.0 * 60 * @minute AS INTEGER) AS created_at,
               abs(random()) / 9223372036854775808.0 AS rs, abs(random()) / 9223372036854775808.0 AS rm,
               abs(random()) / 9223372036854775808.0 AS rv, abs(random()) / 9223372036854775808.0 AS ro,
               abs(random()) / 9223372036854775808.0 AS rd, abs(random()) / 9223372036854775808.0 AS rw,
               abs(random()) / 9223372036854775808.0 AS rq
        FROM n;
        CREATE TEMP TABLE t AS
        SELECT s.*,
            CASE WHEN rs < 0.70 THEN 4 WHEN rs < 0.78 THEN 5 WHEN rs < 0.81 THEN 6 WHEN rs < 0.83 THEN 7 WHEN rs < 0.84 THEN 8
                 WHEN g > @n - 100 THEN 1 + CAST(rs * 1000 AS INTEGER) % 3 ELSE 9 END AS status,
            max(0, g * 60 / (@n + 1) - CASE WHEN rv < 0.2 THEN 1 + CAST(rv * 15 AS INTEGER) ELSE 0 END) AS release,
            10 * @minute + CAST(rq * rq * rq * 480 * @minute AS INTEGER) AS duration,
            max(0, g * 60 / (@n + 1) - CASE WHEN rv < 0.2 THEN 1 + CAST(rv * 15 AS INTEGER) ELSE 0 END) + 11 - CAST(rd * 3 AS INTEGER) AS initial_release
        FROM s;
        INSERT INTO upgrade_records (id, version, status, target_version, target_version_key, initial_version, initial_version_key,
            mode, dss_mode, created_at, created_by, upgrade_started_at, upgrade_ended_at, maintenance_started_at, maintenance_ended_at,
            force_stop_task_ran, application_shutdown_started, current_step, rerun_force_stopped_instances, force_stop_result, failure_reason)
        SELECT id, 10, status,
            'V' || (3 + release / 12) || '.' || (release % 12) || '.' || CAST(rw * 3 AS INTEGER),
            printf('%010d.%010d.%010d.0000000000', 3 + release / 12, release % 12, CAST(rw * 3 AS INTEGER)),
            'V' || (2 + initial_release / 12) || '.' || (initial_release % 12) || '.0',
            printf('%010d.%010d.0000000000.0000000000', 2 + initial_release / 12, initial_release % 12),
            CASE WHEN rm < 0.6 THEN 1 ELSE 2 END, 1 + CAST(rm * 30 AS INTEGER) % 3, created_at,
            printf('operator-%03d', CAST(200 * ro * ro AS INTEGER)),
            started,
            CASE WHEN status IN (4, 5, 6, 7, 8) THEN started + duration END,
            CASE WHEN rm < 0.6 AND started IS NOT NULL THEN started + 2 * @minute END,
            CASE WHEN rm < 0.6 AND status IN (4, 5, 6, 7, 8) THEN started + 2 * @minute + duration * 8 / 10 END,
            status IN (7, 8), status IN (4, 5, 6, 7, 8), CASE WHEN status IN (2, 3) THEN 'UpgradeServices' END,
            CASE WHEN status = 6 THEN 0 END, CASE WHEN status = 7 THEN 1 WHEN status = 8 THEN 2 END,
            CASE WHEN status = 5 THEN 'Data update failed on node ' || CAST(rq * 12 AS INTEGER) END
        FROM (SELECT t.*, CASE WHEN status IN (1, 9) THEN NULL ELSE created_at + CAST(rd * 3 * 24 * 60 * @minute AS INTEGER) END AS started FROM t)
        ORDER BY g;
        INSERT INTO upgrade_configurations (record_id, file_name, saved_at, content, file_length)
        SELECT id, 'upgrade-' || target_version || '.yaml.age', created_at + @minute, x'00', 2048 FROM upgrade_records WHERE status <> 9;
        WITH RECURSIVE k(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM k WHERE k < 10)
        INSERT INTO audit_entries (record_id, at, actor, operation, outcome, status_before, status_after, reason, record_version, options)
        SELECT r.id, r.created_at + k * coalesce(r.upgrade_ended_at - r.created_at, 60 * @minute) / 10,
            CASE WHEN abs(random()) % 10 < 8 THEN r.created_by ELSE printf('operator-%03d', abs(random()) % 200) END,
            CASE k WHEN 1 THEN 1 WHEN 2 THEN 2 WHEN 3 THEN 3 WHEN 9 THEN 5 WHEN 10 THEN 13 ELSE 4 END,
            CASE WHEN abs(random()) % 100 < 3 THEN 2 ELSE 1 END,
            CASE WHEN k = 10 THEN 3 END, CASE WHEN k = 1 THEN 1 WHEN k = 10 THEN r.status END, 0, k,
            CASE WHEN k = 2 THEN '{"fileName":"upgrade.yaml.age","length":"2048"}' ELSE '{}' END
        FROM upgrade_records r CROSS JOIN k ORDER BY r.created_at, k;
        DROP TABLE t;
        DROP TABLE s;
        """;

    /// <summary>Fills an empty SQLite store file with <paramref name="records"/> records; returns the time it took (with ANALYZE).</summary>
    public static async Task<TimeSpan> FillSqliteAsync(string path, int records)
    {
        var watch = Stopwatch.StartNew();
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        await connection.OpenAsync();
        await using (var transaction = (SqliteTransaction)await connection.BeginTransactionAsync())
        {
            await using var fill = new SqliteCommand(SqliteRecords, connection, transaction) { CommandTimeout = 3600 };
            fill.Parameters.AddWithValue("@base", Base.ToUnixTimeTicks());
            fill.Parameters.AddWithValue("@span", Span.BclCompatibleTicks);
            fill.Parameters.AddWithValue("@n", records);
            fill.Parameters.AddWithValue("@minute", Minute);
            await fill.ExecuteNonQueryAsync();
            await transaction.CommitAsync();
        }

        await using (var analyze = new SqliteCommand("ANALYZE", connection) { CommandTimeout = 3600 })
        {
            await analyze.ExecuteNonQueryAsync();
        }

        return watch.Elapsed;
    }

    /// <summary>A one-line description of the figures' units, for the report.</summary>
    public static string Describe(int records) => string.Create(CultureInfo.InvariantCulture, $"{records:N0} records, {records * 10:N0} audit entries");
}
