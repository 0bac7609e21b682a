using System.Security.Cryptography;
using System.Text;
using Dataphin.UpgradeKit.Export.Age;
using Dataphin.UpgradeKit.Export.Tests.Support;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit;

namespace Dataphin.UpgradeKit.Export.Tests;

/// <summary>Armored downloads (issue 12): age's ASCII armor written on request, read by every reader of the SDK.</summary>
public sealed partial class ConfigurationEncryptorTests
{
    [Fact]
    public void Encrypt_Armored_WritesAgeArmorThatDecrypts_R_CFG_3()
    {
        var plaintext = TestFiles.RandomBytes(200_000, seed: 21);
        var destination = new MemoryStream();
        using var result = ConfigurationEncryptor.Encrypt(plaintext, destination, EncryptedFileFormat.Armored);
        var text = Encoding.ASCII.GetString(destination.ToArray());
        var lines = text.Split('\n');

        Assert.Equal("-----BEGIN AGE ENCRYPTED FILE-----", lines[0]);
        Assert.Equal("-----END AGE ENCRYPTED FILE-----", lines[^2]);
        Assert.Equal(string.Empty, lines[^1]);
        Assert.All(lines[1..^3], line => Assert.Equal(64, line.Length));
        Assert.InRange(lines[^3].Length, 1, 64);
        Assert.Equal(plaintext, ConfigurationDecryptor.Decrypt(destination.ToArray(), result.Password.Reveal()));
    }

    [Fact]
    public void Encrypt_Armored_AuditsTheHashOfTheArmoredBytes_R_CFG_5()
    {
        var destination = new MemoryStream();
        using var result = ConfigurationEncryptor.Encrypt(Encoding.UTF8.GetBytes("a: 1\n"), destination, EncryptedFileFormat.Armored);

        Assert.Equal(destination.Length, result.Length);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(destination.ToArray())), result.Sha256Hex);
    }

    [Fact]
    public void Encrypt_UndefinedFormat_ThrowsArgumentOutOfRange()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ConfigurationEncryptor.Encrypt([1, 2, 3], new MemoryStream(), (EncryptedFileFormat)7));
    }

    /// <summary>Sizes around the armor's 48-byte lines and the payload's 64 KiB chunks, read back whole and through a trickling stream.</summary>
    [Property(MaxTest = 40)]
    public Property Encrypt_ArmoredRoundTrip_AtLineAndChunkEdges_R_CFG_3() =>
        Prop.ForAll(
            Gen.Elements(0, 1, 47, 48, 49, 95, 96, 97, 65_536 - 17, 65_536, 65_536 + 1, 131_072 + 5).SelectMany(edge => Gen.Choose(0, 3), (edge, extra) => edge + extra).ToArbitrary(),
            size =>
            {
                var plaintext = TestFiles.RandomBytes(size, seed: size);
                var destination = new MemoryStream();
                using var result = ConfigurationEncryptor.Encrypt(plaintext, destination, TestFiles.FastWorkFactor, EncryptedFileFormat.Armored);
                var armored = destination.ToArray();
                var password = result.Password.Reveal();
                return plaintext.AsSpan().SequenceEqual(ConfigurationDecryptor.Decrypt(armored, password))
                    && plaintext.AsSpan().SequenceEqual(ConfigurationDecryptor.Decrypt(new NonSeekableStream(armored, maxRead: 7), password));
            });

    [Fact]
    public void Decrypt_ArmorWithCrLfAndSurroundingWhiteSpace_Opens_R_CFG_3()
    {
        var plaintext = TestFiles.RandomBytes(5_000, seed: 2);
        var destination = new MemoryStream();
        using var result = ConfigurationEncryptor.Encrypt(plaintext, destination, TestFiles.FastWorkFactor, EncryptedFileFormat.Armored);
        var pasted = "\r\n  \t\n" + Encoding.ASCII.GetString(destination.ToArray()).Replace("\n", "\r\n", StringComparison.Ordinal) + "\n\n";

        Assert.Equal(plaintext, ConfigurationDecryptor.Decrypt(Encoding.ASCII.GetBytes(pasted), result.Password.Reveal()));
    }

    [Theory]
    [InlineData("text above")]
    [InlineData("text below")]
    [InlineData("line cut")]
    [InlineData("end missing")]
    public void Decrypt_DamagedArmor_ThrowsAgeArmorException_R_CFG_4(string damage)
    {
        var destination = new MemoryStream();
        using var result = ConfigurationEncryptor.Encrypt(TestFiles.RandomBytes(500, seed: 1), destination, TestFiles.FastWorkFactor, EncryptedFileFormat.Armored);
        var text = Encoding.ASCII.GetString(destination.ToArray());
        var damaged = damage switch
        {
            "text above" => "Here is the file:\n" + text,
            "text below" => text + "-- \nsent from my phone\n",
            "line cut" => text.Remove(text.IndexOf('\n', StringComparison.Ordinal) + 10, 1),
            _ => text[..text.IndexOf("-----END", StringComparison.Ordinal)],
        };

        Assert.Throws<AgeArmorException>(() => ConfigurationDecryptor.Decrypt(Encoding.ASCII.GetBytes(damaged), result.Password.Reveal()));
    }
}
