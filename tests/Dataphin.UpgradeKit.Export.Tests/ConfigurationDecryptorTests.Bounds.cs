using System.Text;
using Dataphin.UpgradeKit.Export.Age;
using Dataphin.UpgradeKit.Export.Tests.Support;
using Xunit;

namespace Dataphin.UpgradeKit.Export.Tests;

/// <summary>Bounded inputs (R-SEC-3) and a bounded, truthful cost for the most expensive input (R-SEC-7).</summary>
public sealed partial class ConfigurationDecryptorTests
{
    [Theory]
    [InlineData("stanza", 10 * 1024 * 1024)]
    [InlineData("stanza", 8 * 1024 + 1)]
    [InlineData("version", 10 * 1024 * 1024)]
    public void Decrypt_OverLongHeaderLine_SaysTheLineIsTooLongNotTruncated_R_SEC_3(string where, int length)
    {
        var line = where == "version"
            ? "age-encryption.org/" + new string('v', length)
            : "age-encryption.org/v1\n-> grease " + new string('x', length);
        var file = Encoding.ASCII.GetBytes(line + "\n");

        var error = Assert.Throws<AgeHeaderException>(() => ConfigurationDecryptor.Decrypt(new NonSeekableStream(file), "any"));

        Assert.Contains("longer than the 8 KiB", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("truncated", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decrypt_LooselyTypedPasswordAboveTheDownloadsWorkFactor_GetsNoSecondDerivation_R_SEC_7()
    {
        const int AboveDownloads = ConfigurationEncryptor.WorkFactor + 1;
        var (file, password) = TestFiles.Encrypt(Configuration, AboveDownloads);

        // The exact text opens it; the loose reading would need a second derivation at 2^15, which is not spent.
        Assert.Equal(Configuration, ConfigurationDecryptor.Decrypt(file, password));
        Assert.Throws<AgeWrongPasswordException>(() => ConfigurationDecryptor.Decrypt(file, password.ToLowerInvariant()));
    }

    [Fact]
    public void Decrypt_LooselyTypedPasswordAtTheDownloadsWorkFactor_OpensThroughTheCanonicalForm_R_SEC_7()
    {
        var (file, password) = TestFiles.Encrypt(Configuration, ConfigurationEncryptor.WorkFactor);

        Assert.Equal(Configuration, ConfigurationDecryptor.Decrypt(file, password.ToLowerInvariant()));
        Assert.Equal(ConfigurationEncryptor.WorkFactor, ConfigurationDecryptor.MaxLooseWorkFactor);
    }
}
