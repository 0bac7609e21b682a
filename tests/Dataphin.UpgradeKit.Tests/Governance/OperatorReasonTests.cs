using Xunit;

namespace Dataphin.UpgradeKit.Tests.Governance;

public class OperatorReasonTests
{
    [Theory]
    [InlineData("Rolled back by hand", "Rolled back by hand")]
    [InlineData("  padded reason \t", "padded reason")]
    [InlineData("已手动回滚到原版本", "已手动回滚到原版本")]
    [InlineData("<script>alert(1)</script>", "<script>alert(1)</script>")]
    [InlineData("=HYPERLINK(\"x\")", "=HYPERLINK(\"x\")")]
    [InlineData("mixed עברית and English", "mixed עברית and English")]
    public void Parse_ValidText_KeepsItTrimmedAndVerbatim_R_GOV_1(string text, string expected)
    {
        Assert.Equal(expected, OperatorReason.Parse(text).Text);
    }

    [Fact]
    public void Parse_FiveHundredCharactersCountedAsScalars_IsAccepted_R_GOV_1()
    {
        // 500 emoji are 1,000 UTF-16 code units but 500 characters.
        var emoji = string.Concat(Enumerable.Repeat("\U0001F600", OperatorReason.MaxLength));

        Assert.Equal(emoji, OperatorReason.Parse(emoji).Text);
        Assert.Equal(OperatorReason.MaxLength, OperatorReason.Parse(new string('x', OperatorReason.MaxLength)).Text.Length);
    }

    [Theory]
    [InlineData("", OperatorReasonProblem.Empty)]
    [InlineData("   \t ", OperatorReasonProblem.Empty)]
    [InlineData("line one\nline two", OperatorReasonProblem.ControlCharacter)]
    [InlineData("tab\tinside", OperatorReasonProblem.ControlCharacter)]
    [InlineData("bell\u0007", OperatorReasonProblem.ControlCharacter)]
    [InlineData("nul\u0000inside", OperatorReasonProblem.ControlCharacter)]
    [InlineData("next\u0085line", OperatorReasonProblem.ControlCharacter)]
    [InlineData("line\u2028separator", OperatorReasonProblem.ControlCharacter)]
    [InlineData("safe \u202Egnp.exe", OperatorReasonProblem.BidirectionalFormatting)]
    [InlineData("isolate \u2066x\u2069", OperatorReasonProblem.BidirectionalFormatting)]
    [InlineData("embedding \u202Ax", OperatorReasonProblem.BidirectionalFormatting)]
    public void Parse_HostileOrEmptyText_IsRefusedWithItsProblem_R_GOV_1(string text, OperatorReasonProblem expected)
    {
        var error = Assert.Throws<InvalidOperatorReasonException>(() => OperatorReason.Parse(text));

        Assert.Equal(expected, error.Problem);
        Assert.IsAssignableFrom<UpgradeKitException>(error);
        Assert.False(OperatorReason.TryParse(text, out var reason));
        Assert.Null(reason);
    }

    [Fact]
    public void Parse_LoneSurrogate_IsRefused_R_GOV_1()
    {
        // Built here: test data passing through xUnit's serialization would lose the lone surrogate.
        var text = "lone " + (char)0xD800 + " surrogate";

        Assert.Equal(OperatorReasonProblem.InvalidCharacter, Assert.Throws<InvalidOperatorReasonException>(() => OperatorReason.Parse(text)).Problem);
    }

    [Theory]
    [InlineData(OperatorReason.MaxLength + 1)]
    [InlineData(10 * 1024 * 1024)]
    public void Parse_TooLong_IsRefusedWithoutRepeatingTheText_R_GOV_1(int length)
    {
        var text = new string('x', length);

        var error = Assert.Throws<InvalidOperatorReasonException>(() => OperatorReason.Parse(text));

        Assert.Equal(OperatorReasonProblem.TooLong, error.Problem);
        Assert.DoesNotContain("xxxxxxxxxx", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Equality_SameTrimmedText_IsEqual()
    {
        Assert.Equal(OperatorReason.Parse(" a "), OperatorReason.Parse("a"));
        Assert.NotEqual(OperatorReason.Parse("a"), OperatorReason.Parse("A"));
        Assert.Equal("a", OperatorReason.Parse(" a ").ToString());
    }

    [Fact]
    public void TryParse_Null_IsFalse()
    {
        Assert.False(OperatorReason.TryParse(null, out _));
        Assert.Throws<ArgumentNullException>(() => OperatorReason.Parse(null!));
    }
}
