using Dataphin.UpgradeKit.Export.Age;
using Dataphin.UpgradeKit.Export.Tests.Support;
using Xunit;

namespace Dataphin.UpgradeKit.Export.Tests;

public sealed partial class ConfigurationDecryptorTests
{
    [Fact]
    public void Decrypt_EverySingleByteFlipOfASmallFile_ThrowsTypedError_R_CFG_4()
    {
        var (file, password) = TestFiles.Encrypt(TestFiles.RandomBytes(100, seed: 1));

        foreach (var position in Enumerable.Range(0, file.Length))
        {
            foreach (var mask in new byte[] { 0x01, 0x80 })
            {
                var damaged = (byte[])file.Clone();
                damaged[position] ^= mask;

                var error = Record.Exception(() => ConfigurationDecryptor.Decrypt(damaged, password));

                Assert.True(error is AgeException, $"flip 0x{mask:x2} at {position} of {file.Length}: {error?.GetType().Name ?? "no error"}");
            }
        }
    }

    [Fact]
    public void Decrypt_EveryTruncationOfASmallFile_ThrowsTypedError_R_CFG_4()
    {
        var (file, password) = TestFiles.Encrypt(TestFiles.RandomBytes(100, seed: 2));

        foreach (var length in Enumerable.Range(0, file.Length))
        {
            var error = Record.Exception(() => ConfigurationDecryptor.Decrypt(file.AsMemory(0, length), password));

            Assert.True(error is AgeException, $"truncated to {length} of {file.Length}: {error?.GetType().Name ?? "no error"}");
        }
    }

    [Fact]
    public void Decrypt_SampledFlipsAndTruncationsOfA200KbFile_ThrowTypedErrors_R_CFG_4()
    {
        var (file, password) = TestFiles.Encrypt(TestFiles.RandomBytes(200_000, seed: 3));
        var random = new Random(4);
        const int ChunkOnDisk = 65536 + 16;
        var header = file.Length - 16 - 200_000 - (4 * 16);
        var boundaries = Enumerable.Range(0, 4).Select(i => header + 16 + (i * ChunkOnDisk));
        var cuts = boundaries.Concat(boundaries.Select(b => b - 1)).Concat(Enumerable.Range(0, 60).Select(_ => random.Next(file.Length)));

        foreach (var length in cuts)
        {
            Assert.IsAssignableFrom<AgeException>(Record.Exception(() => ConfigurationDecryptor.Decrypt(file.AsMemory(0, length), password)));
        }

        foreach (var position in Enumerable.Range(0, 60).Select(_ => random.Next(file.Length)))
        {
            var damaged = (byte[])file.Clone();
            damaged[position] ^= (byte)random.Next(1, 256);
            Assert.IsAssignableFrom<AgeException>(Record.Exception(() => ConfigurationDecryptor.Decrypt(damaged, password)));
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(17)]
    [InlineData(65552)]
    public void Decrypt_DataAfterTheFinalChunk_ThrowsAgePayloadException_R_CFG_4(int extra)
    {
        var (file, password) = TestFiles.Encrypt(TestFiles.RandomBytes(1000, seed: 5));

        Assert.Throws<AgePayloadException>(() => ConfigurationDecryptor.Decrypt(file.Concat(new byte[extra]).ToArray(), password));
    }
}
