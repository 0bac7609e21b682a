using Dataphin.UpgradeKit.Auditing;
using Dataphin.UpgradeKit.Commands;
using Dataphin.UpgradeKit.Lifecycle;
using Dataphin.UpgradeKit.Operators;
using Dataphin.UpgradeKit.Storage;
using Dataphin.UpgradeKit.Testing.HostTools;
using Dataphin.UpgradeKit.Testing.Storage;
using NodaTime;
using NodaTime.Testing;
using Npgsql;
using Xunit;

namespace Dataphin.UpgradeKit.PostgreSql.Tests;

/// <summary>
/// The operator filter's table on PostgreSQL (R-HIST-1: the records an operator created or is audited on): whatever
/// writes, changes or removes records and audit entries, it holds exactly the pairs the records and the audit trail imply,
/// each with the record's searchable columns as they are, and the list's operator filter answers from it.
/// </summary>
[Collection(PostgreSqlClusterDefinition.Name)]
[RequiresPostgreSqlServer]
public sealed class PostgreSqlRecordOperatorsTests(PostgreSqlClusterFixture cluster)
{
    private static readonly OperatorIdentity Alice = new("alice", "Alice");
    private static readonly OperatorIdentity Bob = new("bob", "Bob");

    [StoreFact]
    public async Task RecordOperators_AfterCreatesChangesAuditsAuditRemovalsAndRecordRemovals_AreWhatRecordsAndAuditImply_R_HIST_1()
    {
        var connectionString = await cluster.CreateDatabaseAsync();
        await using var store = PostgreSqlUpgradeStore.Create(connectionString);
        var clock = new FakeClock(Instant.FromUtc(2026, 12, 1, 8, 0));
        var service = new UpgradeKitFeatures(store, clock);
        var ids = new List<UpgradeRecordId>();
        for (var i = 0; i < 6; i++)
        {
            clock.AdvanceMinutes(1);
            var record = await service.Commands.CreateAsync(new NewUpgradeRequest
            {
                TargetVersion = ProductVersion.Parse("V5.1.2"), InitialVersion = ProductVersion.Parse("V4.3.0"),
                Mode = UpgradeMode.Maintenance, DataServiceStudioMode = DataServiceStudioUpgradeMode.UpgradeTogether,
            }, i % 2 == 0 ? Alice : Bob);
            ids.Add(record.Id);
            // Bob's refused View log on every record Alice created (audited, refused ones included); Carol views one of Bob's.
            if (i % 2 == 0)
            {
                await store.AppendAsync(new AuditEntry(record.Id, clock.GetCurrentInstant(), "bob", UpgradeOperation.ViewLog, AuditOutcome.Refused,
                    record.Status, record.Status, ActionReasonCode.StatusNotEligible, 1, AuditEntry.NoOptions));
            }
        }

        await store.AppendAsync(new AuditEntry(ids[1], clock.GetCurrentInstant(), "carol", UpgradeOperation.ViewLog, AuditOutcome.Accepted,
            UpgradeStatus.Configuring, UpgradeStatus.Configuring, ActionReasonCode.None, 1, AuditEntry.NoOptions));
        await AssertImpliedAsync(connectionString);
        Assert.Equal(6, await CountListedAsync(store, "bob"));
        Assert.Equal(new[] { ids[1] }, await ListedAsync(store, "carol"));

        // Records that change after their pairs exist: the pairs carry the new status and times (the list filters and
        // sorts an operator's records by them). Records 0 and 2 (Alice's, Bob audited) start; Bob stops record 2 after a
        // longer run, so shortest maintenance first among Bob's stopped records is record 0, then record 2.
        foreach (var (index, minutes) in new[] { (0, 5), (2, 30) })
        {
            await service.Commands.SaveConfigurationAsync(ids[index], new ConfigurationFile("upgrade.yaml", new byte[] { 1 }, clock.GetCurrentInstant()), Alice);
            await service.HostReports.StartAsync(ids[index]);
            clock.AdvanceMinutes(minutes);
            await service.Commands.StopAsync(ids[index], Bob, new StopOptions(false));
        }

        await AssertImpliedAsync(connectionString);
        var stopped = new UpgradeRecordQuery { Operator = "bob", Statuses = [UpgradeStatus.Stopped], PageSize = 100 };
        Assert.Equal(new[] { ids[0], ids[2] }, await ListedAsync(store, stopped with { Sort = UpgradeRecordSortOrder.ShortestMaintenanceFirst }));
        Assert.Equal(new[] { ids[2], ids[0] }, await ListedAsync(store, stopped with { Sort = UpgradeRecordSortOrder.LongestUpgradeFirst }));
        Assert.Equal(new[] { ids[2], ids[0] }, await ListedAsync(store, stopped));
        Assert.Empty(await ListedAsync(store, stopped with { Statuses = [UpgradeStatus.Upgrading] }));
        Assert.Equal(new[] { ids[5], ids[4], ids[3], ids[1] }, await ListedAsync(store, new UpgradeRecordQuery { Operator = "bob",
            Statuses = [UpgradeStatus.Configuring], Modes = [UpgradeMode.Maintenance], TargetVersionFrom = ProductVersion.Parse("V5.1"),
            InitialVersionTo = ProductVersion.Parse("V4.3"), PageSize = 100 }));

        // Retention's audit period removes Bob's entries on Alice's records and Carol's: their pairs go, the creators' stay.
        await DirectSql.ExecuteAsync(connectionString, "DELETE FROM audit_entries WHERE actor IN ('bob', 'carol') AND record_id IN (SELECT id FROM upgrade_records WHERE created_by = 'alice')");
        await DirectSql.ExecuteAsync(connectionString, "DELETE FROM audit_entries WHERE actor = 'carol'");
        await AssertImpliedAsync(connectionString);
        Assert.Equal(3, await CountListedAsync(store, "bob"));
        Assert.Empty(await ListedAsync(store, "carol"));
        // Removing an entry of the creator leaves the creator's pair.
        await DirectSql.ExecuteAsync(connectionString, "DELETE FROM audit_entries WHERE actor = 'alice'");
        await AssertImpliedAsync(connectionString);
        Assert.Equal(3, await CountListedAsync(store, "alice"));

        // A removed record (retention deletes its row) takes its pairs with it; its audit entries stay.
        await DirectSql.ExecuteAsync(connectionString, $"DELETE FROM upgrade_records WHERE id IN ('{ids[0].Value}', '{ids[1].Value}')");
        await AssertImpliedAsync(connectionString);
        Assert.Equal(2, await CountListedAsync(store, "alice"));
    }

    // The pairs the records (their creator) and the audit trail (every actor on a record that exists) imply, against the table.
    internal static async Task AssertImpliedAsync(string connectionString)
    {
        // Each pair also carries the record's searchable columns as they are now.
        const string Copied = "created_at, status, mode, target_version_key, initial_version_key, upgrade_started_at, upgrade_ended_at, " +
            "maintenance_started_at, maintenance_ended_at";
        var implied = $"SELECT created_by, id, {Copied} FROM upgrade_records UNION " +
            $"SELECT a.actor, r.id, r.{Copied.Replace(", ", ", r.", StringComparison.Ordinal)} FROM audit_entries a JOIN upgrade_records r ON r.id = a.record_id";
        const string Kept = $"SELECT actor, record_id, {Copied} FROM record_operators";
        Assert.Equal(0L, await DirectSql.ScalarAsync(connectionString, $"SELECT count(*) FROM (({implied}) EXCEPT ({Kept})) missing"));
        Assert.Equal(0L, await DirectSql.ScalarAsync(connectionString, $"SELECT count(*) FROM (({Kept}) EXCEPT ({implied})) extra"));
        Assert.True(await DirectSql.ScalarAsync(connectionString, "SELECT count(*) FROM record_operators") > 0, "no pairs at all: the check would prove nothing");
    }

    private static async Task<int> CountListedAsync(IUpgradeStore store, string actor) => (await ListedAsync(store, actor)).Count;

    private static Task<List<UpgradeRecordId>> ListedAsync(IUpgradeStore store, string actor) =>
        ListedAsync(store, new UpgradeRecordQuery { Operator = actor, PageSize = 100 });

    private static async Task<List<UpgradeRecordId>> ListedAsync(IUpgradeStore store, UpgradeRecordQuery query) =>
        [.. (await store.ListAsync(query)).Items.Select(r => r.Id)];
}
