using System.Collections.Concurrent;
using System.Globalization;
using Dataphin.UpgradeKit.Auditing;
using Dataphin.UpgradeKit.Commands;
using Dataphin.UpgradeKit.Display;
using Dataphin.UpgradeKit.Governance;
using Dataphin.UpgradeKit.Lifecycle;
using Dataphin.UpgradeKit.Notifications;
using Dataphin.UpgradeKit.Operators;
using Dataphin.UpgradeKit.Storage;
using Dataphin.UpgradeKit.Testing.HostTools;
using Dataphin.UpgradeKit.Testing.Storage;
using NodaTime;
using NodaTime.Testing;
using Xunit;

namespace Dataphin.UpgradeKit.PostgreSql.Tests;

/// <summary>
/// The two-person rule's decisions racing on one PostgreSQL database from two host instances, each with its own store
/// and connection pool (R-GOV-2: concurrent approvals and rejections have exactly one effect).
/// </summary>
[Collection(PostgreSqlClusterDefinition.Name)]
[RequiresPostgreSqlServer]
public sealed class PostgreSqlForceStopApprovalRaceTests(PostgreSqlClusterFixture cluster) : IAsyncLifetime
{
    private static readonly OperatorIdentity Alice = new("alice");
    private static readonly OperatorIdentity Olga = new("olga", roles: ["om-engineer"]);
    private static readonly OperatorIdentity Oscar = new("oscar", roles: ["om-engineer"]);
    private static readonly OperatorIdentity Otto = new("otto", roles: ["om-engineer"]);
    private static readonly Instant T0 = Instant.FromUtc(2026, 3, 1, 8, 0);

    private static readonly UpgradeOperation[] Decisions =
        [UpgradeOperation.ApproveForceStop, UpgradeOperation.RejectForceStop, UpgradeOperation.WithdrawForceStop];

    private string _connectionString = null!;
    private PostgreSqlUpgradeStore _storeA = null!;
    private PostgreSqlUpgradeStore _storeB = null!;

    public async Task InitializeAsync()
    {
        _connectionString = await cluster.CreateDatabaseAsync();
        _storeA = PostgreSqlUpgradeStore.Create(_connectionString + ";Application Name=host-a");
        _storeB = PostgreSqlUpgradeStore.Create(_connectionString + ";Application Name=host-b");
    }

    public async Task DisposeAsync()
    {
        await _storeA.DisposeAsync();
        await _storeB.DisposeAsync();
    }

    private static UpgradeKitOptions TwoPerson() => new() { Rules = new LifecycleRuleOptions { ApprovalRequiredFor = [UpgradeAction.ForceStop] } };

    private static ForceStopRequest Declared() => new(ForceStopResult.Failed, true)
    {
        Reason = OperatorReason.Parse("rolled back by hand"),
        Declaration = UpgradeKitTexts.Default.ForceStopDeclaration(CultureInfo.GetCultureInfo("en")),
    };

    private static NewUpgradeRequest NewUpgrade() => new()
    {
        TargetVersion = ProductVersion.Parse("5.0"), InitialVersion = ProductVersion.Parse("4.3"), Mode = UpgradeMode.Maintenance,
        DataServiceStudioMode = DataServiceStudioUpgradeMode.UpgradeTogether,
    };

    /// <summary>
    /// 1,000 approvals, rejections and withdrawals of one request from 16 tasks on two instances: exactly one takes
    /// effect; every other attempt is a typed refusal (nothing pending any more, or a lost compare-and-set); the audit
    /// trail has one entry per attempt with exactly one accepted; the request is closed once, as the winner said.
    /// </summary>
    [StoreFact]
    public async Task Decisions_1000From16TasksOnTwoInstances_ExactlyOneEffectRestTypedRefusalsAuditExact_R_GOV_2()
    {
        var clock = new FakeClock(T0, Duration.FromMilliseconds(1));
        var hostA = new UpgradeKitFeatures(_storeA, clock, options: TwoPerson());
        var hostB = new UpgradeKitFeatures(_storeB, clock, options: TwoPerson());
        var record = await hostA.Commands.CreateAsync(NewUpgrade(), Alice);
        await hostA.HostReports.StartAsync(record.Id);
        var request = await new ForceStopApprovals(hostB.Commands).RequestAsync(record.Id, Olga, Declared());
        var auditBefore = (await _storeA.ReadAsync(record.Id)).Count;

        const int Attempts = 1000;
        var next = -1;
        var wins = new ConcurrentBag<UpgradeOperation>();
        var refusals = new ConcurrentBag<UpgradeKitException>();
        var unexpected = new ConcurrentBag<Exception>();
        await Task.WhenAll(Enumerable.Range(0, 16).Select(task => Task.Run(async () =>
        {
            var commands = task % 2 == 0 ? hostA.Commands : hostB.Commands;
            for (var i = Interlocked.Increment(ref next); i < Attempts; i = Interlocked.Increment(ref next))
            {
                var operation = Decisions[i % Decisions.Length];
                var decision = new ForceStopDecision { RequestId = request.Id };
                try
                {
                    _ = operation switch
                    {
                        UpgradeOperation.ApproveForceStop => await new ForceStopApprovals(commands).ApproveAsync(record.Id, Oscar, decision),
                        UpgradeOperation.RejectForceStop => await new ForceStopApprovals(commands).RejectAsync(record.Id, Otto, decision),
                        _ => await new ForceStopApprovals(commands).WithdrawAsync(record.Id, Olga, decision),
                    };
                    wins.Add(operation);
                }
                catch (Exception ex) when (ex is OperationNotPermittedException or ConcurrencyConflictException)
                {
                    refusals.Add((UpgradeKitException)ex);
                }
#pragma warning disable CA1031 // Anything else fails the test below, with the exception in hand.
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    unexpected.Add(ex);
                }
            }
        })));

        Assert.Empty(unexpected);
        var winner = Assert.Single(wins);
        Assert.Equal(Attempts - 1, refusals.Count);
        Assert.All(refusals.OfType<OperationNotPermittedException>(), r => Assert.Contains(r.Reason,
            new[] { ActionReasonCode.NoForceStopRequestPending, ActionReasonCode.StatusNotEligible }));

        var closed = Assert.Single(await _storeB.ReadForceStopRequestsAsync(record.Id));
        var expectedState = winner switch
        {
            UpgradeOperation.ApproveForceStop => ForceStopRequestState.Approved,
            UpgradeOperation.RejectForceStop => ForceStopRequestState.Rejected,
            _ => ForceStopRequestState.Withdrawn,
        };
        Assert.Equal(expectedState, closed.State);
        var stored = (await _storeA.FindAsync(record.Id))!;
        Assert.Equal(winner == UpgradeOperation.ApproveForceStop ? UpgradeStatus.ForceStoppedFailed : UpgradeStatus.Upgrading, stored.Status);

        var decisions = (await _storeA.ReadAsync(record.Id)).Skip(auditBefore).ToList();
        Assert.Equal(Attempts, decisions.Count);
        Assert.All(decisions, e => Assert.Contains(e.Operation, Decisions));
        var accepted = Assert.Single(decisions, e => e.Outcome == AuditOutcome.Accepted);
        Assert.Equal(winner, accepted.Operation);
        Assert.Equal(Attempts - 1, decisions.Count(e => e.Outcome == AuditOutcome.Refused));

        var outbox = await _storeA.ReadPendingAsync(100);
        var requestNotices = outbox.OfType<ForceStopRequestNotification>().ToList();
        Assert.Equal([ForceStopRequestState.Pending, expectedState], requestNotices.Select(n => n.State));
        Assert.Equal(winner == UpgradeOperation.ApproveForceStop ? 1 : 0, outbox.OfType<UpgradeForceStoppedNotification>().Count());
    }

    /// <summary>
    /// Expiry racing an approval on 12 records: instance A's clock is past each request's time and runs the expiry
    /// check, instance B's clock is still before it and approves, at the same time. Each request ends one way only,
    /// and the record agrees with it.
    /// </summary>
    [StoreFact]
    public async Task ExpiryRacingApproval_TwoInstances_EachRequestHasOneOutcome_R_GOV_2()
    {
        var setup = new UpgradeKitFeatures(_storeA, new FakeClock(T0, Duration.FromMilliseconds(1)), options: TwoPerson());
        var requests = new List<ForceStopApprovalRequest>();
        for (var i = 0; i < 12; i++)
        {
            var record = await setup.Commands.CreateAsync(NewUpgrade(), Alice);
            await setup.HostReports.StartAsync(record.Id);
            requests.Add(await new ForceStopApprovals(setup.Commands).RequestAsync(record.Id, Olga, Declared()));
        }

        var lastExpiry = requests.Max(r => r.ExpiresAt);
        var late = new FakeClock(lastExpiry + Duration.FromSeconds(1));
        var early = new FakeClock(requests.Min(r => r.ExpiresAt) - Duration.FromMinutes(1));
        var hostA = new UpgradeKitFeatures(_storeA, late, options: TwoPerson());
        var hostB = new UpgradeKitFeatures(_storeB, early, options: TwoPerson());
        var expiry = new ForceStopRequestExpiry(hostA.Commands, _storeA, late);

        var expiring = Task.Run(() => expiry.RunOnceAsync());
        var approving = Task.WhenAll(requests.Select(r => Task.Run(async () =>
        {
            try
            {
                await new ForceStopApprovals(hostB.Commands).ApproveAsync(r.RecordId, Oscar, new ForceStopDecision { RequestId = r.Id });
                return true;
            }
            catch (Exception ex) when (ex is OperationNotPermittedException or ConcurrencyConflictException)
            {
                return false;
            }
        })));
        var expired = await expiring;
        var approved = await approving;

        Assert.Equal(requests.Count, expired + approved.Count(a => a));
        for (var i = 0; i < requests.Count; i++)
        {
            var closed = Assert.Single(await _storeB.ReadForceStopRequestsAsync(requests[i].RecordId));
            var status = (await _storeB.FindAsync(requests[i].RecordId))!.Status;
            var audit = await _storeA.ReadAsync(requests[i].RecordId);
            var closings = audit.Where(e => e.Outcome == AuditOutcome.Accepted
                && e.Operation is UpgradeOperation.ApproveForceStop or UpgradeOperation.ExpireForceStopRequest).ToList();
            var only = Assert.Single(closings);
            if (approved[i])
            {
                Assert.Equal((ForceStopRequestState.Approved, UpgradeStatus.ForceStoppedFailed, UpgradeOperation.ApproveForceStop), (closed.State, status, only.Operation));
            }
            else
            {
                Assert.Equal((ForceStopRequestState.Expired, UpgradeStatus.Upgrading, UpgradeOperation.ExpireForceStopRequest), (closed.State, status, only.Operation));
            }
        }

        Assert.Equal(0, await expiry.RunOnceAsync());
    }
}
