using Dataphin.UpgradeKit.Export.Passwords;
using Xunit;

namespace Dataphin.UpgradeKit.Export.Tests.Passwords;

public sealed class CrockfordPasswordTests
{
    [Theory]
    [InlineData("ABCDE-FGHJK-M", "ABCDE-FGHJK-M")]
    [InlineData("abcde-fghjk-m", "ABCDE-FGHJK-M")]
    [InlineData("ABCDEFGHJKM", "ABCDE-FGHJK-M")]
    [InlineData("AB CDE-FG HJK M", "ABCDE-FGHJK-M")]
    [InlineData("iIlLoO", "11110-0")]
    [InlineData("--ab-c--", "ABC")]
    public void Canonicalize_LooseText_GivesUpperCaseRegroupedCrockford_R_CFG_3(string typed, string canonical)
    {
        Assert.Equal(canonical, CrockfordPassword.Canonicalize(typed));
    }

    [Theory]
    [InlineData("")]
    [InlineData("---")]
    [InlineData("ABCDU")]
    [InlineData("pass_word")]
    public void Canonicalize_TextOutsideTheAlphabet_GivesNull_R_CFG_3(string typed)
    {
        Assert.Null(CrockfordPassword.Canonicalize(typed));
    }

    [Fact]
    public void Canonicalize_GeneratedPassword_IsUnchanged_R_CFG_3()
    {
        var password = new string(CrockfordPassword.Generate());

        Assert.Equal(password, CrockfordPassword.Canonicalize(password));
    }
}
