using System.Text;
using Dataphin.UpgradeKit.Export.Age;
using Dataphin.UpgradeKit.Export.Tests.Support;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit;

namespace Dataphin.UpgradeKit.Export.Tests;

public sealed partial class ConfigurationDecryptorTests
{
    // Sizes around the 64 KiB chunk edge, mixed with arbitrary small arrays.
    private static readonly int[] EdgeSizes = [0, 1, 16, 65535, 65536, 65537, 131071, 131072, 131073];

    private static Arbitrary<byte[]> Plaintexts() =>
        Gen.OneOf(
                ArbMap.Default.GeneratorFor<byte[]>(),
                from size in Gen.Elements(EdgeSizes)
                from seed in Gen.Choose(0, int.MaxValue)
                select TestFiles.RandomBytes(size, seed))
            .ToArbitrary();

    [Property(MaxTest = 60)]
    public Property EncryptThenDecrypt_AnyBytes_GivesTheSameBytes_R_CFG_3() =>
        Prop.ForAll(Plaintexts(), ArbMap.Default.ArbFor<bool>(), (plaintext, viaStreams) =>
        {
            var encrypted = new MemoryStream();
            using var result = viaStreams
                ? ConfigurationEncryptor.Encrypt(new MemoryStream(plaintext), encrypted, TestFiles.FastWorkFactor)
                : ConfigurationEncryptor.Encrypt(plaintext, encrypted, TestFiles.FastWorkFactor);
            var password = result.Password.Reveal();

            byte[] decrypted;
            if (viaStreams)
            {
                var output = new MemoryStream();
                ConfigurationDecryptor.DecryptTo(new MemoryStream(encrypted.ToArray()), output, password);
                decrypted = output.ToArray();
            }
            else
            {
                decrypted = ConfigurationDecryptor.Decrypt(encrypted.ToArray(), password);
            }

            return decrypted.AsSpan().SequenceEqual(plaintext);
        });

    [Theory]
    [InlineData(0)]
    [InlineData(65536)]
    [InlineData(65537)]
    [InlineData(131072)]
    public void EncryptThenDecrypt_ChunkEdgeSizes_GiveTheSameBytesWithTheExpectedChunkCount_R_CFG_3(int size)
    {
        var plaintext = TestFiles.RandomBytes(size, seed: size);
        var (file, password) = TestFiles.Encrypt(plaintext);

        // An empty file is one empty chunk; otherwise ceil(size / 64 KiB) chunks, each with a 16-byte tag.
        var chunks = Math.Max(1, (size + 65535) / 65536);
        var header = Encoding.Latin1.GetString(file).IndexOf("\n--- ", StringComparison.Ordinal) + 5 + 43 + 1;
        Assert.Equal(header + 16 + size + (16 * chunks), file.Length);
        Assert.Equal(plaintext, ConfigurationDecryptor.Decrypt(file, password));
    }

    [Property(MaxTest = 300)]
    public Property Decrypt_RandomBytes_AlwaysThrowsTypedError_R_CFG_4() =>
        Prop.ForAll(ArbMap.Default.ArbFor<byte[]>(), bytes =>
            Outcome(() => ConfigurationDecryptor.Decrypt(bytes, "password")) is AgeException);

    [Property(MaxTest = 300)]
    public Property Decrypt_RandomAgeLikeHeaders_AlwaysThrowTypedError_R_CFG_4() =>
        Prop.ForAll(AgeLikeFiles(), bytes =>
            Outcome(() => ConfigurationDecryptor.Decrypt(bytes, "password")) is AgeException);

    /// <summary>
    /// Files assembled from the pieces of real headers (version lines, stanza lines, body lines, MAC
    /// lines, nonce and chunk bytes) so the parser's deeper paths are reached, not only the magic check.
    /// Work factors stay at 12 or below, or above the cap, so a well-formed stanza never costs seconds.
    /// </summary>
    private static Arbitrary<byte[]> AgeLikeFiles()
    {
        var base64 = Gen.Elements("", "AAAA", "YWdl", "dGVzdA", "dGVzdA==", "QUFBQUFBQUFBQUFBQUFBQQ", "QUFBQUFBQUFBQUFBQUFBQR",
            new string('A', 43), new string('A', 64), new string('B', 65), "A");
        var token = Gen.Elements("scrypt", "X25519", "grease", "", "1", "10", "12", "21", "22", "0", "-1", "010", "+5", "0x10",
            "99999999999", "\t", "é", "ab cd");
        var line = Gen.OneOf(
            from b in base64 select b,
            from t in token from s in base64 from w in token select $"-> {t} {s} {w}",
            from t in token select $"-> {t}",
            from s in base64 select $"--- {s}",
            Gen.Elements("---", "-> ", "->", "age-encryption.org/v1", "age-encryption.org/v2", "\r"));
        var text = from lines in line.ListOf()
                   from withVersion in ArbMap.Default.GeneratorFor<bool>()
                   select (withVersion ? "age-encryption.org/v1\n" : string.Empty) + string.Join('\n', lines) + "\n";
        return (from header in text
                from tail in ArbMap.Default.GeneratorFor<byte[]>()
                select Encoding.UTF8.GetBytes(header).Concat(tail).ToArray())
            .ToArbitrary();
    }

    private static Exception? Outcome(Action action) => Xunit.Record.Exception(action);
}
