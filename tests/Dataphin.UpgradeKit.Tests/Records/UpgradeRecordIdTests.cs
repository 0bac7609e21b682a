using NodaTime;
using Xunit;

namespace Dataphin.UpgradeKit.Tests.Records;

public class UpgradeRecordIdTests
{
    [Fact]
    public void ToString_ThenParse_RoundTrips()
    {
        var id = UpgradeRecordId.New(Instant.FromUtc(2026, 11, 25, 8, 0));
        Assert.Equal(32, id.ToString().Length);
        Assert.Equal(id, UpgradeRecordId.Parse(id.ToString()));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-an-id")]
    [InlineData("00000000000000000000000000000000")]
    public void Parse_GarbageOrEmpty_ThrowsFormatException(string text) =>
        Assert.Throws<FormatException>(() => UpgradeRecordId.Parse(text));

    [Fact]
    public void Constructor_EmptyGuid_ThrowsArgumentException() =>
        Assert.Throws<ArgumentException>(() => new UpgradeRecordId(Guid.Empty));

    [Fact]
    public void CompareTo_OrdersLikeTheText()
    {
        var ids = Enumerable.Range(0, 200).Select(_ => new UpgradeRecordId(Guid.NewGuid())).ToList();
        var byId = ids.Order().Select(i => i.ToString()).ToList();
        var byText = ids.Select(i => i.ToString()).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(byText, byId);
    }
}
