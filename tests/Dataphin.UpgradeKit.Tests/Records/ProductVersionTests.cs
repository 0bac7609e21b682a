using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit;

namespace Dataphin.UpgradeKit.Tests.Records;

public class ProductVersionTests
{
    [Theory]
    [InlineData("V4.3.0", 4, 3, 0, true)]
    [InlineData("5.1.2", 5, 1, 2, false)]
    [InlineData("v10.0", 10, 0, 0, true)]
    [InlineData("1.2.3.4", 1, 2, 3, false)]
    public void Parse_ValidText_ReadsComponents(string text, int major, int minor, int patch, bool prefixed)
    {
        var version = ProductVersion.Parse(text);

        Assert.Equal(major, version.Major);
        Assert.Equal(minor, version.Minor);
        Assert.Equal(patch, version.Patch);
        Assert.Equal(prefixed, version.HasPrefix);
        Assert.Equal(text, version.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("V")]
    [InlineData("4")]
    [InlineData("4.")]
    [InlineData(".4.1")]
    [InlineData("4..1")]
    [InlineData("04.1")]
    [InlineData("4.1.2.3.4")]
    [InlineData("4.1-beta")]
    [InlineData(" 4.1")]
    [InlineData("VV4.1")]
    [InlineData("4.99999999999")]
    [InlineData("٤.١")]
    public void Parse_Garbage_ThrowsFormatException(string text)
    {
        var ex = Assert.Throws<FormatException>(() => ProductVersion.Parse(text));
        Assert.Contains(text, ex.Message, StringComparison.Ordinal);
        Assert.False(ProductVersion.TryParse(text, out _));
    }

    [Fact]
    public void Parse_Null_ThrowsArgumentNullException()
    {
        Assert.Throws<ArgumentNullException>(() => ProductVersion.Parse(null!));
        Assert.False(ProductVersion.TryParse(null, out _));
    }

    [Theory]
    [InlineData("4.3.0", "5.1.2")]
    [InlineData("V4.3.0", "V4.10.0")]
    [InlineData("4.9", "4.10")]
    [InlineData("5.1.2", "5.1.2.1")]
    public void CompareTo_OrdersNumerically(string lower, string higher)
    {
        Assert.True(ProductVersion.Parse(lower) < ProductVersion.Parse(higher));
        Assert.True(ProductVersion.Parse(higher) > ProductVersion.Parse(lower));
    }

    [Fact]
    public void IsNumericallyEqual_IgnoresPrefixAndTrailingZeros()
    {
        Assert.True(ProductVersion.Parse("V4.3.0").IsNumericallyEqual(ProductVersion.Parse("4.3")));
        Assert.NotEqual(ProductVersion.Parse("V4.3.0"), ProductVersion.Parse("4.3.0"));
    }

    private static Arbitrary<ProductVersion> Versions() =>
        (from prefix in Gen.Elements("", "V", "v")
         from count in Gen.Choose(2, 4)
         from parts in Gen.ArrayOf(Gen.Choose(0, 100_000), count)
         select ProductVersion.Parse(prefix + string.Join('.', parts))).ToArbitrary();

    [Property]
    public Property ToString_ThenParse_RoundTrips() =>
        Prop.ForAll(Versions(), v => ProductVersion.Parse(v.ToString()) == v);

    [Property]
    public Property CompareTo_IsZeroExactlyWhenEqual() =>
        Prop.ForAll(Versions(), Versions(), (a, b) => (a.CompareTo(b) == 0) == a.Equals(b) && Math.Sign(a.CompareTo(b)) == -Math.Sign(b.CompareTo(a)));
}
