using Dataphin.UpgradeKit.Auditing;
using Dataphin.UpgradeKit.Insights;
using Dataphin.UpgradeKit.Queries;
using Dataphin.UpgradeKit.Relational;
using Dataphin.UpgradeKit.Storage;
using Dataphin.UpgradeKit.Testing.HostTools;
using Dataphin.UpgradeKit.Testing.Storage;
using NodaTime;
using Npgsql;
using Xunit;

namespace Dataphin.UpgradeKit.PostgreSql.Tests;

/// <summary>
/// The tables the PostgreSQL insights over every record read (R-INS-1/2, 003_insights.sql): whatever creates, finishes,
/// removes or upgrades records, insights_recoveries, insights_counts and insights_buckets hold exactly what the records
/// imply, computed here from the records alone by other statements (window passes and grouping sets over the records).
/// </summary>
[Collection(PostgreSqlClusterDefinition.Name)]
[RequiresPostgreSqlServer]
public sealed class PostgreSqlInsightsTablesTests(PostgreSqlClusterFixture cluster)
{
    private static readonly Instant T0 = Instant.FromUtc(2026, 3, 1, 8, 0);

    [StoreFact]
    public async Task InsightsTables_AfterCreatesFinishesOutOfOrderAndRemovals_AreWhatTheRecordsImply_R_INS_2()
    {
        var connectionString = await cluster.CreateDatabaseAsync();
        await using var store = PostgreSqlUpgradeStore.Create(connectionString);
        var running = new List<UpgradeRecord>();
        for (var i = 0; i < 12; i++)
        {
            running.Add(await InsertAsync(store, Record(T0 + Duration.FromHours(i), i % 3 == 0 ? UpgradeMode.ZeroDowntime : UpgradeMode.Maintenance,
                i % 2 == 0 ? "V5.1.0" : "V5.2.0", UpgradeStatus.Upgrading, ended: null)));
        }

        await AssertImpliedAsync(connectionString);
        // Finished newest first: every success ends before the ends already stored (out of order), two pairs end together.
        for (var i = running.Count - 1; i >= 0; i--)
        {
            var status = (i % 4) switch { 0 => UpgradeStatus.Failed, 1 => UpgradeStatus.Succeeded, 2 => UpgradeStatus.ForceStoppedFailed, _ => UpgradeStatus.ForceStoppedSucceeded };
            var end = T0 + Duration.FromHours(20) + Duration.FromMinutes(i is 5 or 6 ? 50 : 10 * i);
            await FinishAsync(store, running[i], status, end);
            await AssertImpliedAsync(connectionString);
        }

        // Retention removes a success that failures recovered to, and a failure; a direct multi-row removal too.
        Assert.Equal(2, (await store.RemoveAsync([running[5].Id, running[4].Id])).Count);
        await AssertImpliedAsync(connectionString);
        await DirectSql.ExecuteAsync(connectionString, $"DELETE FROM upgrade_records WHERE id IN ('{running[1].Id.Value}', '{running[8].Id.Value}', '{running[9].Id.Value}')");
        await AssertImpliedAsync(connectionString);
        Assert.True(await DirectSql.ScalarAsync(connectionString, "SELECT count(*) FROM insights_recoveries WHERE n0_ended IS NOT NULL") > 0, "no failure recovers: the check proves little");
    }

    [StoreFact]
    public async Task InsightsTables_TwoConnectionsFinishingAtOnce_NoDeadlockAndNothingMiscounted_R_INS_2()
    {
        var connectionString = await cluster.CreateDatabaseAsync();
        await using var store = PostgreSqlUpgradeStore.Create(connectionString);
        await using var other = PostgreSqlUpgradeStore.Create(connectionString + ";Application Name=other");
        var records = new List<UpgradeRecord>();
        for (var i = 0; i < 40; i++)
        {
            records.Add(await InsertAsync(store, Record(T0 + Duration.FromMinutes(i), i % 2 == 0 ? UpgradeMode.Maintenance : UpgradeMode.ZeroDowntime,
                i % 3 == 0 ? "V5.1.0" : "V6.0.0", UpgradeStatus.Upgrading, ended: null)));
        }

        // Two stores (two pools) finish interleaved records at once, successes and failures with ends in no order.
        async Task FinishAllAsync(PostgreSqlUpgradeStore target, int parity)
        {
            foreach (var (record, i) in records.Select((r, i) => (r, i)).Where(x => x.i % 2 == parity))
            {
                var status = i % 3 == 0 ? UpgradeStatus.Failed : UpgradeStatus.Succeeded;
                await FinishAsync(target, record, status, T0 + Duration.FromHours(2) + Duration.FromMinutes((i * 7) % 40));
            }
        }

        await Task.WhenAll(Task.Run(() => FinishAllAsync(store, 0)), Task.Run(() => FinishAllAsync(other, 1)));
        await AssertImpliedAsync(connectionString);
        var insights = await new UpgradeHistory(store).GetInsightsAsync(new InsightsQuery());
        Assert.Equal(40, insights.Overall.Finished);
    }

    /// <summary>
    /// The race the lock is for: a failure with no later success; one transaction finishes a success ending 20 minutes
    /// after it and has not committed when a second finishes another ending 60 minutes after it. The second's lookup
    /// must see the first's success once it commits (the failure recovers at +20 min, not +60).
    /// </summary>
    [StoreFact]
    public async Task InsightsTables_SecondFinishWhileFirstUncommitted_SeesTheFirstSuccess_R_INS_2()
    {
        var connectionString = await cluster.CreateDatabaseAsync();
        await using var store = PostgreSqlUpgradeStore.Create(connectionString);
        var failed = await InsertAsync(store, Record(T0, UpgradeMode.Maintenance, "V5.1.0", UpgradeStatus.Upgrading, ended: null));
        var first = await InsertAsync(store, Record(T0 + Duration.FromMinutes(1), UpgradeMode.Maintenance, "V5.1.0", UpgradeStatus.Upgrading, ended: null));
        var second = await InsertAsync(store, Record(T0 + Duration.FromMinutes(2), UpgradeMode.Maintenance, "V5.1.0", UpgradeStatus.Upgrading, ended: null));
        var failedAt = T0 + Duration.FromHours(1);
        await FinishAsync(store, failed, UpgradeStatus.Failed, failedAt);

        static string Finish(UpgradeRecord record, Instant ended) => FormattableString.Invariant(
            $"UPDATE upgrade_records SET status = 4, upgrade_ended_at = {ended.ToUnixTimeTicks()}, version = 2 WHERE id = '{record.Id.Value}'");
        await using var one = new NpgsqlConnection(connectionString + ";Pooling=false");
        await using var two = new NpgsqlConnection(connectionString + ";Pooling=false");
        await one.OpenAsync();
        await two.OpenAsync();
        await using var oneTransaction = await one.BeginTransactionAsync();
        await using (var command = new NpgsqlCommand(Finish(first, failedAt + Duration.FromMinutes(20)), one, oneTransaction))
        {
            await command.ExecuteNonQueryAsync();
        }

        await using var twoTransaction = await two.BeginTransactionAsync();
        await using var secondFinish = new NpgsqlCommand(Finish(second, failedAt + Duration.FromMinutes(60)), two, twoTransaction);
        var waiting = secondFinish.ExecuteNonQueryAsync();
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        await oneTransaction.CommitAsync();
        await waiting;
        await twoTransaction.CommitAsync();

        await AssertImpliedAsync(connectionString);
        Assert.Equal((failedAt + Duration.FromMinutes(20)).ToUnixTimeTicks(),
            await DirectSql.ScalarAsync(connectionString, $"SELECT n0_ended FROM insights_recoveries WHERE record_id = '{failed.Id.Value}'"));
    }

    /// <summary>The upgrade in place fills the tables from a real version-2 database's records.</summary>
    [StoreFact]
    public async Task EnsureSchema_RealVersionTwoDatabase_InsightsTablesHoldWhatTheRecordsImply_R_INS_2()
    {
        var connectionString = new PostgreSqlFromV2Tests(cluster).RestoreVersionTwo();
        await using var store = PostgreSqlUpgradeStore.Create(connectionString);

        await store.EnsureSchemaAsync();

        await AssertImpliedAsync(connectionString);
        Assert.True(await DirectSql.ScalarAsync(connectionString, "SELECT count(*) FROM insights_recoveries") > 0, "the fixture has failures");
    }

    // The three tables against what the records imply (rows with n = 0 are kept counts that fell to nothing).
    internal static async Task AssertImpliedAsync(string connectionString)
    {
        const string Later = "ORDER BY upgrade_ended_at DESC RANGE BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING";
        const string Next = "MIN(CASE WHEN status IN (4, 7) THEN ARRAY[upgrade_ended_at, created_at] END) OVER";
        const string Recoveries = "SELECT id, created_at, mode, tkey, ended, n0[1] AS a, n0[2] AS b, nm[1] AS c, nm[2] AS d, nv[1] AS e, nv[2] AS g FROM (" +
            $"SELECT id, created_at, mode, target_version_key AS tkey, upgrade_ended_at AS ended, status, {Next} (PARTITION BY 0 {Later}) AS n0, " +
            $"{Next} (PARTITION BY mode {Later}) AS nm, {Next} (PARTITION BY target_version_key {Later}) AS nv " +
            "FROM upgrade_records WHERE status IN (4, 5, 7, 8) AND upgrade_ended_at IS NOT NULL) t WHERE status IN (5, 8)";
        const string KeptRecoveries = "SELECT record_id, created_at, mode, tkey, ended, n0_ended, n0_created, nm_ended, nm_created, nv_ended, nv_created FROM insights_recoveries";
        await AssertSameAsync(connectionString, Recoveries, KeptRecoveries, "insights_recoveries");

        const string Counts = "SELECT CASE GROUPING(mode, target_version_key) WHEN 3 THEN 0 WHEN 1 THEN 1 ELSE 2 END, COALESCE(mode, 0), COALESCE(target_version_key, ''), status, COUNT(*) " +
            "FROM upgrade_records GROUP BY GROUPING SETS ((status), (mode, status), (target_version_key, status))";
        await AssertSameAsync(connectionString, Counts, "SELECT kind::integer, mode, tkey, status, n FROM insights_counts WHERE n <> 0", "insights_counts");

        // Buckets computed here: the top six bits of the value (width_bucket over the powers of two finds the doubling).
        const string Bucket = "CASE WHEN {0} < 0 THEN -1 WHEN {0} < 64 THEN {0}::integer ELSE " +
            "(width_bucket({0}::numeric, ARRAY(SELECT power(2::numeric, e) FROM generate_series(0, 62) e)) - 6) * 32 + floor({0} / power(2::numeric, width_bucket({0}::numeric, ARRAY(SELECT power(2::numeric, e) FROM generate_series(0, 62) e)) - 6))::integer END";
        string B(string v) => string.Format(System.Globalization.CultureInfo.InvariantCulture, Bucket, $"({v})");
        var values = $"SELECT mode, target_version_key AS tkey, 1 AS metric, upgrade_ended_at - upgrade_started_at AS v FROM upgrade_records " +
            "UNION ALL SELECT mode, target_version_key, 2, maintenance_ended_at - maintenance_started_at FROM upgrade_records";
        var buckets = $"SELECT CASE GROUPING(mode, tkey) WHEN 3 THEN 0 WHEN 1 THEN 1 ELSE 2 END, COALESCE(mode, 0), COALESCE(tkey, ''), metric, b, COUNT(*) " +
            $"FROM (SELECT mode, tkey, metric, {B("v")} AS b FROM ({values}) x WHERE v IS NOT NULL) y " +
            "GROUP BY GROUPING SETS ((metric, b), (mode, metric, b), (tkey, metric, b)) " +
            $"UNION ALL SELECT 0, 0, '', 3, {B("a - ended")}, COUNT(*) FROM ({Recoveries}) r WHERE a IS NOT NULL GROUP BY 5 " +
            $"UNION ALL SELECT 1, mode, '', 4, {B("c - ended")}, COUNT(*) FROM ({Recoveries}) r WHERE c IS NOT NULL GROUP BY 2, 5 " +
            $"UNION ALL SELECT 2, 0, tkey, 5, {B("e - ended")}, COUNT(*) FROM ({Recoveries}) r WHERE e IS NOT NULL GROUP BY 3, 5";
        await AssertSameAsync(connectionString, buckets, "SELECT kind::integer, mode, tkey, metric::integer, bucket, n FROM insights_buckets WHERE n <> 0", "insights_buckets");
        Assert.Equal(0L, await DirectSql.ScalarAsync(connectionString, "SELECT (SELECT count(*) FROM insights_counts WHERE n < 0) + (SELECT count(*) FROM insights_buckets WHERE n < 0)"));
    }

    private static async Task AssertSameAsync(string connectionString, string implied, string kept, string table)
    {
        Assert.True(0L == await DirectSql.ScalarAsync(connectionString, $"SELECT count(*) FROM (({implied}) EXCEPT ({kept})) missing"), $"{table} misses rows the records imply");
        Assert.True(0L == await DirectSql.ScalarAsync(connectionString, $"SELECT count(*) FROM (({kept}) EXCEPT ({implied})) extra"), $"{table} has rows the records do not imply");
    }

    [StoreFact]
    public async Task Insights_PreparedOrNot_SameFigures_AndStatementsPreparedOnlyWhenAsked_R_INS_1()
    {
        var connectionString = await cluster.CreateDatabaseAsync();
        await SeedFinishedAsync(connectionString);
        // Every record (parameterless statements), a budget, and an interval (statements with values to plan for); each twice.
        var queries = SeededQueries;
        async Task<(List<string> Figures, long Prepared, long PreparedAfterFirstPass)> RunAsync(bool prepare)
        {
            // One pooled connection: the statements the calls prepared are the ones this test's connection sees.
            await using var dataSource = NpgsqlDataSource.Create(connectionString + ";Maximum Pool Size=1");
            await using var store = new PostgreSqlUpgradeStore(dataSource, new PostgreSqlUpgradeStoreOptions { PrepareStatements = prepare });
            var history = new UpgradeHistory(store);
            var figures = new List<string>();
            long afterFirstPass = 0;
            for (var pass = 0; pass < 2; pass++)
            {
                foreach (var query in queries)
                {
                    figures.Add(Describe(await history.GetInsightsAsync(query)));
                }

                afterFirstPass = pass == 0 ? await PreparedAsync(dataSource) : afterFirstPass;
            }

            return (figures, await PreparedAsync(dataSource), afterFirstPass);
        }

        var on = await RunAsync(prepare: true);
        var off = await RunAsync(prepare: false);
        Assert.Equal(off.Figures, on.Figures);
        Assert.Contains(on.Figures, f => f.Contains(" up=9:", StringComparison.Ordinal) && f.Contains(" ttr=3:", StringComparison.Ordinal));
        Assert.True(on.Prepared > 0, "the insights prepared no statement on their connection");
        Assert.Equal(on.PreparedAfterFirstPass, on.Prepared); // the same calls again reuse them, adding none
        Assert.Equal(0, off.Prepared);
    }

    [StoreFact]
    public async Task Insights_BelowTheKeptTablesBound_SortTheRecordsAndGiveTheSameFigures_R_INS_2()
    {
        // This assembly sets the bound to 0 so that the contract's property checks the kept tables' path; here the bound is
        // set above the records for a moment (the tests of this collection run one at a time), so that the durations are
        // sorted from the records as on a small database, and both paths are compared on the same data.
        var connectionString = await cluster.CreateDatabaseAsync();
        await SeedFinishedAsync(connectionString);
        await using var store = PostgreSqlUpgradeStore.Create(connectionString);
        var history = new UpgradeHistory(store);
        var kept = new List<string>();
        var sorted = new List<string>();
        foreach (var query in SeededQueries)
        {
            kept.Add(Describe(await history.GetInsightsAsync(query)));
        }

        var bound = InsightsSql.KeptFrom;
        InsightsSql.KeptFrom = long.MaxValue;
        try
        {
            foreach (var query in SeededQueries)
            {
                sorted.Add(Describe(await history.GetInsightsAsync(query)));
            }
        }
        finally
        {
            InsightsSql.KeptFrom = bound;
        }

        Assert.Equal(kept, sorted);
        Assert.Contains(kept, f => f.Contains(" ttr=1:", StringComparison.Ordinal)); // some failure recovers: the check proves something
    }

    private static readonly InsightsQuery[] SeededQueries =
    [
        new(),
        new() { MaintenanceBudget = Duration.FromMinutes(40) },
        new() { Within = new Interval(T0 + Duration.FromHours(2), T0 + Duration.FromHours(7)) },
    ];

    // Nine finished records over two modes and two versions, failures among successes so that some recover.
    private static async Task SeedFinishedAsync(string connectionString)
    {
        await using var seed = PostgreSqlUpgradeStore.Create(connectionString);
        for (var i = 0; i < 9; i++)
        {
            var record = await InsertAsync(seed, Record(T0 + Duration.FromHours(i), i % 2 == 0 ? UpgradeMode.Maintenance : UpgradeMode.ZeroDowntime,
                i % 3 == 0 ? "V5.1.0" : "V5.2.0", UpgradeStatus.Upgrading, ended: null));
            await FinishAsync(seed, record, i % 3 == 1 ? UpgradeStatus.Failed : UpgradeStatus.Succeeded, T0 + Duration.FromHours(i) + Duration.FromMinutes(20 + (7 * i)));
        }
    }

    private static async Task<long> PreparedAsync(NpgsqlDataSource dataSource)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM pg_prepared_statements", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static string Describe(UpgradeInsights insights) => string.Join('\n', new[] { insights.Overall }.Concat(insights.ByMode).Concat(insights.ByTargetVersion)
        .Select(g => FormattableString.Invariant($"[{g.Mode}|{g.TargetVersion}] n={g.Count} success={g.SuccessRate:R} overruns={g.MaintenanceOverruns} ") +
            FormattableString.Invariant($"up={Describe(g.UpgradeDuration)} mt={Describe(g.MaintenanceDuration)} ttr={Describe(g.TimeToRecover)}")));

    private static string Describe(DurationStatistics? s) => s is null ? "-"
        : FormattableString.Invariant($"{s.Count}:{s.Minimum.BclCompatibleTicks}/{s.Median.BclCompatibleTicks}/{s.Percentile90.BclCompatibleTicks}/{s.Maximum.BclCompatibleTicks}");

    private static UpgradeRecord Record(Instant createdAt, UpgradeMode mode, string target, UpgradeStatus status, Instant? ended) => new UpgradeRecordSnapshot
    {
        Id = UpgradeRecordId.New(createdAt),
        TargetVersion = ProductVersion.Parse(target),
        InitialVersion = ProductVersion.Parse("V4.3.0"),
        Mode = mode,
        DataServiceStudioMode = DataServiceStudioUpgradeMode.UpgradeTogether,
        Status = status,
        CreatedAt = createdAt,
        CreatedBy = "alice",
        UpgradeStartedAt = createdAt + Duration.FromMinutes(1),
        UpgradeEndedAt = ended,
        MaintenanceStartedAt = mode == UpgradeMode.Maintenance ? createdAt + Duration.FromMinutes(1) : null,
        MaintenanceEndedAt = mode == UpgradeMode.Maintenance && status is UpgradeStatus.Succeeded or UpgradeStatus.Failed ? ended : null,
        Version = 1,
    }.ToRecord();

    private static async Task<UpgradeRecord> InsertAsync(PostgreSqlUpgradeStore store, UpgradeRecord record)
    {
        await store.InsertAsync(record, new RecordChange(Audit(record, UpgradeOperation.Create, null), []));
        return record;
    }

    private static async Task FinishAsync(PostgreSqlUpgradeStore store, UpgradeRecord record, UpgradeStatus status, Instant ended)
    {
        var finished = (UpgradeRecordSnapshot.From(record) with
        {
            Status = status,
            UpgradeEndedAt = ended,
            MaintenanceEndedAt = record.Mode == UpgradeMode.Maintenance && status is UpgradeStatus.Succeeded or UpgradeStatus.Failed ? ended : null,
            Version = record.Version + 1,
        }).ToRecord();
        await store.UpdateAsync(finished, record.Version, new RecordChange(Audit(finished, UpgradeOperation.Complete, record.Status), []));
    }

    private static AuditEntry Audit(UpgradeRecord record, UpgradeOperation operation, UpgradeStatus? before) =>
        new(record.Id, record.CreatedAt + Duration.FromMinutes(record.Version), "alice", operation, AuditOutcome.Accepted, before, record.Status,
            ActionReasonCode.None, record.Version, AuditEntry.NoOptions);
}
