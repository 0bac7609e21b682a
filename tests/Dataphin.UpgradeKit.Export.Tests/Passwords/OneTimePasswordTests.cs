using System.Text.RegularExpressions;
using Dataphin.UpgradeKit.Export.Passwords;
using Xunit;

namespace Dataphin.UpgradeKit.Export.Tests.Passwords;

public sealed partial class OneTimePasswordTests
{
    // Written out independently of the code: Crockford base32 without I, L, O, U; 5+5+5+5+5+1 symbols.
    [GeneratedRegex("^[0-9A-HJKMNP-TV-Z]{5}(-[0-9A-HJKMNP-TV-Z]{5}){4}-[0-9A-HJKMNP-TV-Z]$")]
    private static partial Regex Shape();

    [Fact]
    public void Generate_Gives26CrockfordSymbolsInHyphenatedGroupsOfFive_R_CFG_1()
    {
        for (var i = 0; i < 200; i++)
        {
            using var password = OneTimePassword.Generate();
            Assert.Matches(Shape(), password.Reveal());
        }
    }

    [Fact]
    public void Alphabet_Has32DistinctSymbolsWithoutConfusables_AndEntropyIsAtLeast128Bits_R_CFG_1()
    {
        Assert.Equal(32, OneTimePassword.Alphabet.Distinct().Count());
        Assert.DoesNotContain(OneTimePassword.Alphabet, c => c is 'I' or 'L' or 'O' or 'U' || char.IsLower(c));
        using var password = OneTimePassword.Generate();
        var symbols = password.Reveal().Count(c => c != '-');
        var bits = symbols * Math.Log2(OneTimePassword.Alphabet.Length);
        Assert.True(bits >= 128, $"{symbols} symbols carry only {bits} bits");
        Assert.Equal((double)OneTimePassword.EntropyBits, bits);
    }

    [Fact]
    public void Generate_UsesEverySymbolAndNeverRepeats_R_CFG_2()
    {
        var passwords = Enumerable.Range(0, 2000).Select(_ => OneTimePassword.Generate().Reveal()).ToList();

        Assert.Equal(passwords.Count, passwords.Distinct().Count());
        var seen = passwords.SelectMany(p => p).Where(c => c != '-').ToHashSet();
        Assert.Equal(OneTimePassword.Alphabet.Order(), seen.Order());
    }

    [Fact]
    public void ToString_AndInterpolation_AreRedacted_R_CFG_1()
    {
        using var password = OneTimePassword.Generate();
        var value = password.Reveal();

        Assert.DoesNotContain(value, password.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(value, $"password is {password}", StringComparison.Ordinal);
        Assert.Contains("redacted", password.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Clear_WipesTheValue_AndRevealThenThrows_R_CFG_1()
    {
        var password = OneTimePassword.Generate();

        password.Clear();

        Assert.True(password.IsCleared);
        Assert.Throws<ObjectDisposedException>(() => password.Reveal());
        password.Dispose(); // idempotent
    }
}
