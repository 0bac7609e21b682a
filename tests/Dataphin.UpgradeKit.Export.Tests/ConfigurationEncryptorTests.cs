using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Dataphin.UpgradeKit.Export.Tests.Support;
using Xunit;

namespace Dataphin.UpgradeKit.Export.Tests;

public sealed partial class ConfigurationEncryptorTests
{
    private static readonly byte[] Configuration = Encoding.UTF8.GetBytes("{\"target\":\"V4.3.0\",\"services\":[\"a\",\"b\"]}");

    [Fact]
    public void Encrypt_WritesAgeV1HeaderWithOneScryptStanzaAtShippedWorkFactor_R_CFG_3()
    {
        var destination = new MemoryStream();
        using var result = ConfigurationEncryptor.Encrypt(Configuration, destination);

        var text = Encoding.Latin1.GetString(destination.ToArray());
        var header = Regex.Match(text, "\\Aage-encryption\\.org/v1\\n-> scrypt ([A-Za-z0-9+/]{22}) (\\d+)\\n([A-Za-z0-9+/]{43})\\n--- ([A-Za-z0-9+/]{43})\\n");
        Assert.True(header.Success, "header does not have the age v1 single-scrypt shape");
        Assert.Equal("14", header.Groups[2].Value);
        Assert.Single(Regex.Matches(text[..header.Length], "^-> ", RegexOptions.Multiline));

        // 16-byte nonce, then one final chunk: plaintext plus a 16-byte tag.
        Assert.Equal(header.Length + 16 + Configuration.Length + 16, destination.Length);
    }

    [Fact]
    public void Encrypt_ReportsLengthAndSha256OfTheWrittenFile_R_CFG_5()
    {
        var destination = new MemoryStream();
        using var result = ConfigurationEncryptor.Encrypt(new MemoryStream(Configuration), destination);

        Assert.Equal(destination.Length, result.Length);
        Assert.Equal(SHA256.HashData(destination.ToArray()), result.Sha256.ToArray());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(destination.ToArray())), result.Sha256Hex);
    }

    [Fact]
    public void Encrypt_TwoExportsOfSameBytes_DifferInPasswordSaltNonceAndCiphertext_R_CFG_2()
    {
        var (first, firstPassword) = TestFiles.Encrypt(Configuration);
        var (second, secondPassword) = TestFiles.Encrypt(Configuration);

        Assert.NotEqual(firstPassword, secondPassword);
        var firstHeader = HeaderLines(first);
        var secondHeader = HeaderLines(second);
        Assert.NotEqual(firstHeader[1], secondHeader[1]); // salt
        Assert.NotEqual(firstHeader[2], secondHeader[2]); // wrapped file key
        var firstPayload = first.AsSpan(HeaderLength(first));
        var secondPayload = second.AsSpan(HeaderLength(second));
        Assert.False(firstPayload[..16].SequenceEqual(secondPayload[..16]), "payload nonces are equal");
        Assert.False(firstPayload[16..].SequenceEqual(secondPayload[16..]), "ciphertexts are equal");
    }

    [Fact]
    public void Encrypt_ResultToString_NeverContainsThePassword_R_CFG_1()
    {
        using var result = ConfigurationEncryptor.Encrypt(Configuration, new MemoryStream());
        var password = result.Password.Reveal();

        Assert.DoesNotContain(password, result.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(password, $"{result} {result.Password}", StringComparison.Ordinal);
    }

    [Fact]
    public void Encrypt_Dispose_ClearsThePassword_R_CFG_1()
    {
        var result = ConfigurationEncryptor.Encrypt(Configuration, new MemoryStream());

        result.Dispose();

        Assert.True(result.Password.IsCleared);
        Assert.Throws<ObjectDisposedException>(() => result.Password.Reveal());
    }

    [Fact]
    public void Encrypt_ShippedWorkFactor_DecryptsWithThePrintedPassword_R_CFG_1()
    {
        var destination = new MemoryStream();
        using var result = ConfigurationEncryptor.Encrypt(Configuration, destination);

        Assert.Equal(Configuration, ConfigurationDecryptor.Decrypt(destination.ToArray(), result.Password.Reveal()));
    }

    private static string[] HeaderLines(byte[] file) => Encoding.Latin1.GetString(file, 0, HeaderLength(file)).Split('\n');

    private static int HeaderLength(byte[] file)
    {
        var text = Encoding.Latin1.GetString(file);
        var mac = text.IndexOf("\n--- ", StringComparison.Ordinal);
        return text.IndexOf('\n', mac + 1) + 1;
    }
}
