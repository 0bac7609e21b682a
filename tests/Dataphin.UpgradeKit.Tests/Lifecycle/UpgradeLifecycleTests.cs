using Dataphin.UpgradeKit.Actions;
using Dataphin.UpgradeKit.Lifecycle;
using Xunit;

namespace Dataphin.UpgradeKit.Tests.Lifecycle;

public class UpgradeLifecycleTests
{
    [Fact]
    public void Decide_EveryStatusOperationAndFactCombination_IsWhatTheStatelessMachineAnswersLive_R_ACT_2()
    {
        var live = new LifecycleMachine();
        var checkedCount = 0;
        foreach (var status in Enum.GetValues<UpgradeStatus>())
        {
            foreach (var operation in Enum.GetValues<UpgradeOperation>())
            {
                foreach (var facts in UpgradeLifecycle.AllFacts())
                {
                    var table = UpgradeLifecycle.Instance.Decide(status, operation, facts);
                    var canFire = live.Check(status, operation, facts);
                    var fired = live.Decide(status, operation, facts);

                    Assert.Equal(fired, table);
                    Assert.Equal(canFire == ActionReasonCode.None, table.IsPermitted);
                    Assert.Equal(canFire, table.Reason);
                    checkedCount++;
                }
            }
        }

        Assert.Equal(9 * 15 * 32 * 3, checkedCount);
    }

    [Fact]
    public void Decide_TerminalStatuses_NeverLeaveTheStatus_R_SM_1()
    {
        foreach (var status in Enum.GetValues<UpgradeStatus>().Where(s => s.IsTerminal()))
        {
            foreach (var operation in Enum.GetValues<UpgradeOperation>())
            {
                foreach (var facts in UpgradeLifecycle.AllFacts())
                {
                    Assert.Equal(status, UpgradeLifecycle.Instance.Decide(status, operation, facts).Destination);
                }
            }
        }
    }
}
