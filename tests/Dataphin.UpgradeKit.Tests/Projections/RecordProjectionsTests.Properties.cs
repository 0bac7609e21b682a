using Dataphin.UpgradeKit.Actions;
using Dataphin.UpgradeKit.Auditing;
using Dataphin.UpgradeKit.Lifecycle;
using Dataphin.UpgradeKit.Operators;
using Dataphin.UpgradeKit.Projections;
using Dataphin.UpgradeKit.Storage;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;
using NodaTime.Testing;
using static Dataphin.UpgradeKit.Tests.Timeline.TimelineTestData;
using Dataphin.UpgradeKit.Testing.HostTools;

namespace Dataphin.UpgradeKit.Tests.Projections;

public partial class RecordProjectionsTests
{
    /// <summary>SPEC §4, written out independently of the lifecycle, as the oracle.</summary>
    private static bool OfferedBySpec(UpgradeAction action, UpgradeRecord r, bool qualified) => action switch
    {
        UpgradeAction.ResumeUpgrade => r.Status is UpgradeStatus.Configuring or UpgradeStatus.Upgrading,
        UpgradeAction.ResumeVerification => r.Status == UpgradeStatus.Verifying,
        UpgradeAction.Cancel => r.Status == UpgradeStatus.Configuring,
        UpgradeAction.Stop => r.Status == UpgradeStatus.Upgrading && (!r.ForceStopTaskRan || !r.ApplicationShutdownStarted),
        // R-GOV-2 (on by default): a force-stop is requested, then approved by a second engineer; nothing is pending on these rows.
        UpgradeAction.ForceStop => false,
        UpgradeAction.RequestForceStop => r.Status == UpgradeStatus.Upgrading && qualified,
        UpgradeAction.Complete => r.Status == UpgradeStatus.Verifying,
        UpgradeAction.ViewLog => r.Status is UpgradeStatus.Succeeded or UpgradeStatus.Stopped
            or UpgradeStatus.ForceStoppedSucceeded or UpgradeStatus.ForceStoppedFailed,

        UpgradeAction.ApproveForceStop or UpgradeAction.RejectForceStop or UpgradeAction.WithdrawForceStop => false,
        _ => throw new ArgumentOutOfRangeException(nameof(action)),
    };

    /// <summary>Property (d): every row's actions are the policy's answer for that record and operator, and SPEC §4's.</summary>
    [Property(MaxTest = 200)]
    public Property ListRowsAsync_ActionsEqualThePolicysAnswer_R_ACT_1()
    {
        var recordGen =
            from status in Gen.Elements(Enum.GetValues<UpgradeStatus>())
            from forceStopRan in Gen.Elements(true, false)
            from shutdown in Gen.Elements(true, false)
            from minute in Gen.Choose(0, 10_000)
            select (status, forceStopRan, shutdown, minute);
        var gen = from records in Gen.ListOf(recordGen).Select(l => l.Take(20).ToList())
                  from qualified in Gen.Elements(true, false)
                  from zh in Gen.Elements(true, false)
                  select (records, qualified, zh);
        return Prop.ForAll(gen.ToArbitrary(), x =>
        {
            var store = new InMemoryUpgradeStore();
            var service = new UpgradeKitFeatures(store, new FakeClock(T0));
            var actor = x.qualified ? ProjectionScenario.Bob : ProjectionScenario.Alice;
            var display = new DisplayContext(DateTimeZone.Utc, System.Globalization.CultureInfo.GetCultureInfo(x.zh ? "zh-CN" : "en"));
            var byId = new Dictionary<UpgradeRecordId, UpgradeRecord>();
            foreach (var (status, forceStopRan, shutdown, minute) in x.records)
            {
                var record = Record(status, id: UpgradeRecordId.New(T0), createdAt: At(minute), forceStopTaskRan: forceStopRan, shutdownStarted: shutdown);
                store.InsertAsync(record, new RecordChange(new AuditEntry(record.Id, T0, "alice", UpgradeOperation.Create, AuditOutcome.Accepted,
                    null, status, ActionReasonCode.None, 1, AuditEntry.NoOptions), [])).GetAwaiter().GetResult();
                byId[record.Id] = record;
            }

            var rows = service.Queries.ListRowsAsync(new UpgradeRecordQuery { PageSize = 50 }, actor, display).GetAwaiter().GetResult().Rows;
            return rows.Count == x.records.Count && rows.All(row =>
            {
                var record = byId[row.Id];
                var answer = service.Queries.Policy.Evaluate(record, actor, display.Culture);
                return row.Actions.Count == UpgradeActions.All.Count
                    && row.Actions.Zip(answer).All(p =>
                        p.First.Action == p.Second.Action && p.First.Offered == p.Second.IsOffered
                        && p.First.Reason == p.Second.Reason && p.First.Explanation == p.Second.Explanation
                        && p.First.Offered == OfferedBySpec(p.First.Action, record, x.qualified)
                        && (p.First.Offered ? p.First.Explanation.Length == 0 : p.First.Explanation.Length > 0));
            });
        });
    }
}
