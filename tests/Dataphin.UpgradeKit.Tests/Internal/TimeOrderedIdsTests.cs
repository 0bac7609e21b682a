using Dataphin.UpgradeKit.Internal;
using NodaTime;
using Xunit;

namespace Dataphin.UpgradeKit.Tests.Internal;

public class TimeOrderedIdsTests
{
    [Fact]
    public void NewGuid_IsAnRfc9562Version7WithTheMillisecondsUpFront()
    {
        var at = Instant.FromUtc(2026, 11, 25, 8, 0, 1).PlusNanoseconds(234_000_000);

        var id = TimeOrderedIds.NewGuid(at);

        Assert.Equal(7, id.Version);
        Assert.Equal(0b10, id.Variant >> 2);
        var text = id.ToString("N");
        Assert.Equal(at.ToUnixTimeMilliseconds(), Convert.ToInt64(text[..12], 16));
    }

    [Fact]
    public void NewGuid_ManyAtTheSameInstant_AreDistinct_AndLaterInstantsSortAfter()
    {
        var at = Instant.FromUtc(2026, 11, 25, 8, 0);
        var ids = Enumerable.Range(0, 100_000).Select(_ => TimeOrderedIds.NewGuid(at)).ToHashSet();
        Assert.Equal(100_000, ids.Count);

        var later = TimeOrderedIds.NewGuid(at + Duration.FromMilliseconds(1)).ToString("N");
        Assert.All(ids.Take(1000), id => Assert.True(string.CompareOrdinal(id.ToString("N"), later) < 0));
    }
}
