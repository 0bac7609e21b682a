using Dataphin.UpgradeKit.Commands;
using Dataphin.UpgradeKit.Lifecycle;
using Dataphin.UpgradeKit.Operators;
using Dataphin.UpgradeKit.Storage;
using Dataphin.UpgradeKit.Testing.HostTools;
using Dataphin.UpgradeKit.Testing.Storage;
using Dataphin.UpgradeKit.Timeline;
using NodaTime;
using NodaTime.Testing;
using Xunit;

namespace Dataphin.UpgradeKit.PostgreSql.Tests;

/// <summary>
/// Two host instances on one database (SPEC §9): each has its own service and store with its own connection pool, as
/// two processes would, and they act on the same records at the same time.
/// </summary>
[Collection(PostgreSqlClusterDefinition.Name)]
[RequiresPostgreSqlServer]
public sealed class PostgreSqlMultiInstanceTests(PostgreSqlClusterFixture cluster) : IAsyncLifetime
{
    private static readonly OperatorIdentity Bob = new("bob");
    private static readonly OperatorIdentity Olga = new("olga", roles: ["om-engineer"]);
    private readonly FakeClock _clock = new(Instant.FromUtc(2026, 3, 1, 8, 0), Duration.FromMilliseconds(10));
    private PostgreSqlUpgradeStore _storeA = null!;
    private PostgreSqlUpgradeStore _storeB = null!;
    private UpgradeKitFeatures _hostA = null!;
    private UpgradeKitFeatures _hostB = null!;

    public async Task InitializeAsync()
    {
        var connectionString = await cluster.CreateDatabaseAsync();
        _storeA = PostgreSqlUpgradeStore.Create(connectionString + ";Application Name=host-a");
        _storeB = PostgreSqlUpgradeStore.Create(connectionString + ";Application Name=host-b");
        // Stop racing a force-stop across instances: one engineer force-stops alone here (not the two-person rule, R-GOV-2).
        _hostA = new UpgradeKitFeatures(_storeA, _clock, options: new UpgradeKitOptions { Rules = { ApprovalRequiredFor = [] } });
        _hostB = new UpgradeKitFeatures(_storeB, _clock, options: new UpgradeKitOptions { Rules = { ApprovalRequiredFor = [] } });
    }

    public async Task DisposeAsync()
    {
        await _storeA.DisposeAsync();
        await _storeB.DisposeAsync();
    }

    [StoreFact]
    public async Task StopAndForceStopAtOnce_SameExpectedVersion_ExactlyOneWinsOnEveryRecord()
    {
        var records = new List<UpgradeRecord>();
        for (var i = 0; i < 12; i++)
        {
            var created = await _hostA.Commands.CreateAsync(Request(), Bob);
            records.Add(await _hostB.HostReports.StartAsync(created.Id));
        }

        var outcomes = await Task.WhenAll(records.Select(async record =>
        {
            var stop = Outcome(() => _hostA.Commands.StopAsync(record.Id, Bob, new StopOptions(true), record.Version));
            var forceStop = Outcome(() => _hostB.Commands.ForceStopAsync(record.Id, Olga, new ForceStopRequest(ForceStopResult.Failed, true) { Reason = OperatorReason.Parse("finished by hand") }, record.Version));
            return (record, results: await Task.WhenAll(stop, forceStop));
        }));

        foreach (var (record, results) in outcomes)
        {
            var winner = Assert.Single(results, r => r.Record is not null).Record!;
            var loser = Assert.Single(results, r => r.Conflict is not null).Conflict!;
            Assert.Equal(record.Id, loser.RecordId);
            Assert.Equal(record.Version, loser.ExpectedVersion);
            var stored = await _storeB.FindAsync(record.Id);
            Assert.Equal(winner, stored);
            Assert.Contains(stored!.Status, new[] { UpgradeStatus.Stopped, UpgradeStatus.ForceStoppedFailed });
        }
    }

    [StoreFact]
    public async Task CancelFromBothHosts_SameExpectedVersion_ExactlyOneRemovesTheRecord()
    {
        for (var i = 0; i < 10; i++)
        {
            var record = await _hostA.Commands.CreateAsync(Request(), Bob);

            var results = await Task.WhenAll(Cancel(_hostA, Bob, record), Cancel(_hostB, Olga, record));

            // The loser lost the compare-and-set, or read after the winner's commit and found the record it had seen
            // removed (R-REC-2): both are a conflict, and it wrote nothing.
            Assert.Single(results, r => r is null);
            Assert.Single(results, r => r is ConcurrencyConflictException);
            Assert.Null(await _storeA.FindAsync(record.Id));
            var trail = await _storeB.ReadAsync(record.Id);
            Assert.Single(trail, a => a.Operation == UpgradeOperation.Cancel && a.Outcome == Auditing.AuditOutcome.Accepted);
        }

        static async Task<Exception?> Cancel(UpgradeKitFeatures host, OperatorIdentity actor, UpgradeRecord record)
        {
            try
            {
                Assert.True((await host.Commands.CancelAsync(record.Id, actor, record.Version)).Removed);
                return null;
            }
            catch (ConcurrencyConflictException ex)
            {
                return ex;
            }
        }
    }

    [StoreFact]
    public async Task ProgressFromBothHostsAtOnce_EveryEventAndEveryFactIsKept()
    {
        var record = await _hostA.HostReports.StartAsync((await _hostA.Commands.CreateAsync(Request(), Bob)).Id);
        var at = record.UpgradeStartedAt!.Value;

        async Task Report(UpgradeKitFeatures host, PostgreSqlUpgradeStore store, string reporter)
        {
            for (var i = 0; i < 100; i++)
            {
                var e = new TimelineEvent { Kind = TimelineEventKind.ServiceStoppingFinished, Subject = $"{reporter}-svc-{i}", At = at + Duration.FromSeconds(i) };
                // Every event is also reported by the other host once (at-least-once reporters): stored once.
                await store.AppendEventsAsync(record.Id, [e, new TimelineEvent { Kind = TimelineEventKind.ServiceStoppingStarted, Subject = $"shared-{i}", At = at }]);
                if (i % 20 == 0)
                {
                    await host.HostReports.ReportProgressAsync(record.Id, new ProgressReport { CurrentStep = $"{reporter}-{i}" });
                }
            }
        }

        await Task.WhenAll(Task.Run(() => Report(_hostA, _storeA, "a")), Task.Run(() => Report(_hostB, _storeB, "b")));
        await _hostB.HostReports.ReportProgressAsync(record.Id, new ProgressReport { ForceStopTaskRan = true });
        await _hostA.HostReports.ReportProgressAsync(record.Id, new ProgressReport { ApplicationShutdownStarted = true });

        var events = await _storeA.ReadEventsAsync(record.Id);
        Assert.Equal(300, events.Count);
        Assert.Equal(300, events.Distinct().Count());
        var final = await _storeB.FindAsync(record.Id);
        Assert.True(final!.ForceStopTaskRan);
        Assert.True(final.ApplicationShutdownStarted);
        Assert.Equal(1 + 1 + 10 + 2, final.Version); // created, started, 10 progress reports, 2 facts: none lost to a conflict.
        Assert.Equal((int)final.Version, (await _storeA.ReadAsync(record.Id)).Count(a => a.Outcome == Auditing.AuditOutcome.Accepted));
    }

    [StoreFact]
    public async Task ListsFromBothHosts_AfterConcurrentCreates_Agree()
    {
        await Task.WhenAll(
            Task.Run(async () => { for (var i = 0; i < 15; i++) await _hostA.Commands.CreateAsync(Request(), Bob); }),
            Task.Run(async () => { for (var i = 0; i < 15; i++) await _hostB.Commands.CreateAsync(Request(), Olga); }));

        var query = new UpgradeRecordQuery { PageSize = 7, Statuses = [UpgradeStatus.Configuring] };
        var fromA = await UpgradeStoreContractPages(_storeA, query);
        var fromB = await UpgradeStoreContractPages(_storeB, query);

        Assert.Equal(30, fromA.Count);
        Assert.Equal(fromA.Select(r => r.Id), fromB.Select(r => r.Id));
        Assert.Equal(fromA.OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id).Select(r => r.Id), fromA.Select(r => r.Id));
    }

    private static async Task<List<UpgradeRecord>> UpgradeStoreContractPages(PostgreSqlUpgradeStore store, UpgradeRecordQuery query)
    {
        var all = new List<UpgradeRecord>();
        string? token = null;
        do
        {
            var page = await store.ListAsync(query with { ContinuationToken = token });
            all.AddRange(page.Items);
            token = page.ContinuationToken;
        }
        while (token is not null);

        return all;
    }

    private static NewUpgradeRequest Request() =>
        new NewUpgradeRequest
        {
            TargetVersion = ProductVersion.Parse("V5.0.0"), InitialVersion = ProductVersion.Parse("V4.3.0"),
            Mode = UpgradeMode.Maintenance, DataServiceStudioMode = DataServiceStudioUpgradeMode.UpgradeTogether,
        };

    private static async Task<(UpgradeRecord? Record, ConcurrencyConflictException? Conflict)> Outcome(Func<Task<UpgradeRecord>> action)
    {
        try
        {
            return (await action(), null);
        }
        catch (ConcurrencyConflictException conflict)
        {
            return (null, conflict);
        }
    }
}
