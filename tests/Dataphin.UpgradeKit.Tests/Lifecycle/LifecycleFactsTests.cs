using Dataphin.UpgradeKit.Lifecycle;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit;

namespace Dataphin.UpgradeKit.Tests.Lifecycle;

public class LifecycleFactsTests
{
    [Fact]
    public void Index_EveryCombination_HasItsOwnDenseIndex()
    {
        var all = LifecycleFacts.All.ToList();

        Assert.Equal(LifecycleFacts.Count, all.Count);
        Assert.Equal(all.Count, all.Distinct().Count());
        Assert.Equal(Enumerable.Range(0, LifecycleFacts.Count), all.Select(f => f.Index));
    }

    [Property(MaxTest = 300)]
    public Property FromIndex_OfIndex_IsTheSameFacts() =>
        Prop.ForAll(
            (from flags in Gen.ArrayOf(Gen.Elements(true, false), 6)
             from result in Gen.Elements<ForceStopResult?>(null, ForceStopResult.Succeeded, ForceStopResult.Failed)
             select new LifecycleFacts(flags[0], flags[1], flags[2], flags[3], flags[4], flags[5], result)).ToArbitrary(),
            facts => LifecycleFacts.FromIndex(facts.Index) == facts && facts.Index >= 0 && facts.Index < LifecycleFacts.Count);
}
