using System.Text;
using Dataphin.UpgradeKit.Export.Age;
using Dataphin.UpgradeKit.Export.Files;
using Dataphin.UpgradeKit.Export.Tests.Support;
using Xunit;

namespace Dataphin.UpgradeKit.Export.Tests;

public sealed partial class ConfigurationDecryptorTests
{
    private static readonly byte[] Configuration = Encoding.UTF8.GetBytes("service.port=8080\nmaintenance=true\n");

    [Fact]
    public void Decrypt_RightPassword_ReturnsThePlaintext_R_CFG_3()
    {
        var (file, password) = TestFiles.Encrypt(Configuration);

        Assert.Equal(Configuration, ConfigurationDecryptor.Decrypt(file, password));
        Assert.Equal(Configuration, ConfigurationDecryptor.Decrypt(new MemoryStream(file), password));
    }

    [Fact]
    public void Decrypt_NonSeekableStreamReturningShortReads_ReturnsThePlaintext_R_CFG_3()
    {
        var plaintext = TestFiles.RandomBytes(200_000, seed: 9);
        var (file, password) = TestFiles.Encrypt(plaintext);

        Assert.Equal(plaintext, ConfigurationDecryptor.Decrypt(new NonSeekableStream(file), password));
        var streamed = new MemoryStream();
        ConfigurationDecryptor.DecryptTo(new NonSeekableStream(file), streamed, password);
        Assert.Equal(plaintext, streamed.ToArray());
    }

    [Fact]
    public void Encrypt_NonSeekableStreamReturningShortReads_RoundTrips_R_CFG_3()
    {
        var plaintext = TestFiles.RandomBytes(140_000, seed: 10);
        var encrypted = new MemoryStream();
        using var result = ConfigurationEncryptor.Encrypt(new NonSeekableStream(plaintext), encrypted, TestFiles.FastWorkFactor);

        Assert.Equal(plaintext, ConfigurationDecryptor.Decrypt(encrypted.ToArray(), result.Password.Reveal()));
    }

    [Fact]
    public void Decrypt_WrongPassword_ThrowsAgeWrongPasswordException_R_CFG_4()
    {
        var (file, _) = TestFiles.Encrypt(Configuration);
        var (_, otherPassword) = TestFiles.Encrypt(Configuration);

        Assert.Throws<AgeWrongPasswordException>(() => ConfigurationDecryptor.Decrypt(file, otherPassword));
    }

    [Fact]
    public void DecryptTo_WrongPassword_WritesNothing_R_CFG_4()
    {
        var (file, _) = TestFiles.Encrypt(Configuration);
        var destination = new MemoryStream();

        Assert.Throws<AgeWrongPasswordException>(() => ConfigurationDecryptor.DecryptTo(new MemoryStream(file), destination, "00000-00000-00000-00000-00000-0"));
        Assert.Equal(0, destination.Length);
    }

    [Theory]
    [InlineData("lower case")]
    [InlineData("confusables")]
    [InlineData("regrouped")]
    public void Decrypt_LooselyTypedPassword_OpensThroughTheCanonicalForm_R_CFG_3(string variant)
    {
        var (file, password) = TestFiles.Encrypt(Configuration);
        var typed = variant switch
        {
            "lower case" => password.ToLowerInvariant(),
            "confusables" => password.Replace('1', 'l').Replace('0', 'O'),
            _ => string.Join(' ', password.Replace("-", string.Empty, StringComparison.Ordinal).Chunk(4).Select(c => new string(c))),
        };

        Assert.Equal(Configuration, ConfigurationDecryptor.Decrypt(file, typed));
    }

    [Fact]
    public void Decrypt_NonCrockfordPassphrase_IsTriedExactlyAsGivenFirst_R_CFG_3()
    {
        // A passphrase age -p could have used: its canonical form differs, so only the exact text opens it.
        var file = EncryptWithPassphrase(Configuration, "hello-world");

        Assert.Equal(Configuration, ConfigurationDecryptor.Decrypt(file, "hello-world"));
        Assert.Throws<AgeWrongPasswordException>(() => ConfigurationDecryptor.Decrypt(file, "HELLO-WORLD"));
    }

    [Theory]
    [InlineData("PK\u0003\u0004 a zip archive")]
    [InlineData("{\"json\": true}")]
    [InlineData("")]
    public void Decrypt_ForeignFile_ThrowsAgeForeignFileException_R_CFG_4(string content)
    {
        Assert.Throws<AgeForeignFileException>(() => ConfigurationDecryptor.Decrypt(Encoding.UTF8.GetBytes(content), "any"));
    }

    [Theory]
    [InlineData(21)]
    [InlineData(22)]
    [InlineData(23)]
    [InlineData(64)]
    public void Decrypt_WorkFactorAboveCap_ThrowsAgeHeaderExceptionBeforeAnyScryptWork_R_CFG_3(int workFactor)
    {
        var (file, password) = TestFiles.Encrypt(Configuration);
        var hostile = Encoding.Latin1.GetBytes(Encoding.Latin1.GetString(file).Replace($" {TestFiles.FastWorkFactor}\n", $" {workFactor}\n", StringComparison.Ordinal));
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var error = Assert.Throws<AgeHeaderException>(() => ConfigurationDecryptor.Decrypt(hostile, password));

        // scrypt at 2^21 and above takes seconds and gigabytes; a refusal from the header alone takes microseconds.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"took {clock.Elapsed}");
        Assert.Contains("20", error.Message, StringComparison.Ordinal);
        Assert.Equal(20, ConfigurationDecryptor.MaxWorkFactor);
    }

    [Fact]
    public void Decrypt_ScryptStanzaNotAlone_ThrowsAgeHeaderException_R_CFG_3()
    {
        var (file, password) = TestFiles.Encrypt(Configuration);
        var text = Encoding.Latin1.GetString(file);
        var withGrease = Encoding.Latin1.GetBytes(text.Replace("\n-> scrypt", "\n-> grease x\n\n-> scrypt", StringComparison.Ordinal));

        Assert.Throws<AgeHeaderException>(() => ConfigurationDecryptor.Decrypt(withGrease, password));
    }

    [Fact]
    public void DecryptToFile_Success_WritesThePlaintextAndNoTemporaryFile_R_CFG_4()
    {
        using var directory = new TempDirectory();
        var (file, password) = TestFiles.Encrypt(Configuration);

        var written = ConfigurationDecryptor.DecryptToFile(new MemoryStream(file), directory.File("config.txt"), password);

        Assert.Equal(Configuration.Length, written);
        Assert.Equal(Configuration, File.ReadAllBytes(directory.File("config.txt")));
        Assert.Equal(["config.txt"], directory.FileNames());
    }

    [Fact]
    public void DecryptToFile_TruncatedFile_LeavesNoFileAtAll_R_CFG_4()
    {
        using var directory = new TempDirectory();
        var plaintext = TestFiles.RandomBytes(200_000, seed: 7);
        var (file, password) = TestFiles.Encrypt(plaintext);

        Assert.Throws<AgePayloadException>(() =>
            ConfigurationDecryptor.DecryptToFile(new MemoryStream(file[..^100]), directory.File("config.txt"), password));

        Assert.Empty(directory.FileNames());
    }

    [Fact]
    public void DecryptToFile_ExistingOutputWithoutOverwrite_IsRefusedAndKeepsIt_R_SEC_4()
    {
        using var directory = new TempDirectory();
        File.WriteAllText(directory.File("config.txt"), "keep me");
        var (file, password) = TestFiles.Encrypt(Configuration);

        var error = Assert.Throws<OutputFileRefusedException>(() => ConfigurationDecryptor.DecryptToFile(new MemoryStream(file), directory.File("config.txt"), password));

        Assert.Equal(OutputFileRefusal.Exists, error.Reason);
        Assert.Equal("keep me", File.ReadAllText(directory.File("config.txt")));
    }

    [Fact]
    public void DecryptToFile_OutputDirectoryMissing_IsRefused()
    {
        using var directory = new TempDirectory();
        var (file, password) = TestFiles.Encrypt(Configuration);

        var error = Assert.Throws<OutputFileRefusedException>(() =>
            ConfigurationDecryptor.DecryptToFile(new MemoryStream(file), Path.Combine(directory.Path, "missing", "config.txt"), password));

        Assert.Equal(OutputFileRefusal.DirectoryMissing, error.Reason);
    }

    private static byte[] EncryptWithPassphrase(byte[] plaintext, string passphrase)
    {
        var destination = new MemoryStream();
        using var writer = new AgeFileWriter(destination, passphrase, TestFiles.FastWorkFactor);
        writer.Payload.WriteAll(plaintext);
        return destination.ToArray();
    }
}
