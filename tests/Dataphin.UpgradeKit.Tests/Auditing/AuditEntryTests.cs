using Dataphin.UpgradeKit.Auditing;
using NodaTime;
using Xunit;

namespace Dataphin.UpgradeKit.Tests.Auditing;

public class AuditEntryTests
{
    private static readonly UpgradeRecordId Id = UpgradeRecordId.New(Instant.FromUtc(2026, 11, 25, 8, 0));

    [Fact]
    public void ToString_AcceptedWithOptions_OneReadableLineWithOptionsInNameOrder()
    {
        var entry = new AuditEntry(Id, Instant.FromUtc(2026, 11, 25, 9, 30, 15), "alice", UpgradeOperation.ForceStop, AuditOutcome.Accepted,
            UpgradeStatus.Upgrading, UpgradeStatus.ForceStoppedFailed, ActionReasonCode.None, 5,
            new Dictionary<string, string> { ["result"] = "Failed", ["declarationAccepted"] = "true" });

        Assert.Equal(
            $"2026-11-25T09:30:15Z alice ForceStop Accepted Upgrading -> ForceStoppedFailed v5 {{declarationAccepted=true, result=Failed}} record {Id}",
            entry.ToString());
    }

    [Fact]
    public void ToString_RefusalOfARemovedRecord_SaysWhyAndShowsNoStatus()
    {
        var entry = new AuditEntry(Id, Instant.FromUtc(2026, 11, 25, 9, 0), "bob", UpgradeOperation.Stop, AuditOutcome.Refused,
            null, null, ActionReasonCode.ConcurrencyConflict, 3, AuditEntry.NoOptions);

        var text = entry.ToString();

        Assert.Equal($"2026-11-25T09:00:00Z bob Stop Refused (new) -> (removed) v3 reason ConcurrencyConflict record {Id}", text);
        Assert.DoesNotContain("System.Collections", text, StringComparison.Ordinal);
    }
}
