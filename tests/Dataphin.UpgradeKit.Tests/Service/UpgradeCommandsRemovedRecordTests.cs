using Dataphin.UpgradeKit.Lifecycle;
using Dataphin.UpgradeKit.Tests.Support;
using Xunit;

namespace Dataphin.UpgradeKit.Tests.Service;

public class UpgradeCommandsRemovedRecordTests
{
    [Fact]
    public async Task ActionOnAVersionOfARecordSinceRemoved_IsAConflictNotANotFound_R_REC_2()
    {
        var h = new ServiceHarness();
        var record = await h.CreateAsync();
        await h.Service.Commands.CancelAsync(record.Id, TestOperators.Ordinary, record.Version);

        var ex = await Assert.ThrowsAsync<ConcurrencyConflictException>(() => h.Service.Commands.CancelAsync(record.Id, TestOperators.Ordinary, record.Version));

        Assert.Equal((record.Version, (long?)null), (ex.ExpectedVersion, ex.ActualVersion));
        var refusal = (await h.Service.Queries.GetAuditTrailAsync(record.Id))[^1];
        Assert.Equal((Dataphin.UpgradeKit.Auditing.AuditOutcome.Refused, ActionReasonCode.ConcurrencyConflict), (refusal.Outcome, refusal.Reason));
        await Assert.ThrowsAsync<UpgradeRecordNotFoundException>(() => h.Service.Commands.CancelAsync(record.Id, TestOperators.Ordinary));
    }
}
