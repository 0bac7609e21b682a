using Dataphin.UpgradeKit.Export.Age;
using Dataphin.UpgradeKit.Export.Tests.Support;
using FsCheck;
using FsCheck.Fluent;
using Xunit;
using Xunit.Abstractions;

namespace Dataphin.UpgradeKit.Export.Tests.Age;

/// <summary>
/// Damaged real age files (<see cref="DamagedAgeFiles"/>): each damage must be refused by the check of the layer it
/// damaged, through every way of decrypting, and no way of decrypting may hand out plaintext that did not authenticate.
/// </summary>
public sealed class DamagedAgeFileTests(ITestOutputHelper output)
{
    private const int Cases = 200;

    [Fact]
    public void Decrypt_DamagedRealFiles_FailWithTheDamagedLayersTypedError_AndNeverPartialPlaintext_R_CFG_4()
    {
        foreach (var (file, password, plaintext) in DamagedAgeFiles.Originals())
        {
            Assert.Equal(plaintext, ConfigurationDecryptor.Decrypt(file, password));
        }

        var byDamage = Enum.GetValues<AgeDamage>().ToDictionary(d => d, _ => 0);
        var byError = new SortedDictionary<string, int>(StringComparer.Ordinal);
        using var directory = new TempDirectory();
        var property = Prop.ForAll(DamagedAgeFiles.Arbitrary(), damaged =>
        {
            var error = Refusal(damaged, directory);
            byDamage[damaged.Damage]++;
            byError[error.GetType().Name] = byError.GetValueOrDefault(error.GetType().Name) + 1;
        });

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(Cases), property);

        output.WriteLine($"{Cases} damaged files; by damage: {string.Join(", ", byDamage.Select(p => $"{p.Key} {p.Value}"))}");
        output.WriteLine($"by error: {string.Join(", ", byError.Select(p => $"{p.Key} {p.Value}"))}");
        Assert.All(byDamage, p => Assert.True(p.Value > 0, $"{p.Key} was never generated"));
        foreach (var layer in new[] { nameof(AgeForeignFileException), nameof(AgeHeaderException), nameof(AgeWrongPasswordException), nameof(AgeHeaderMacException), nameof(AgePayloadException) })
        {
            Assert.True(byError.GetValueOrDefault(layer) >= 3, $"the {layer} check was reached {byError.GetValueOrDefault(layer)} times in {Cases}");
        }
    }

    /// <summary>
    /// Decrypts one damaged file four ways and returns the error, after checking that each way raised the damaged
    /// layer's error (the same one), that the buffered ways returned nothing, that the streaming way wrote only an
    /// authenticated beginning of the plaintext, and that the file way left no file behind.
    /// </summary>
    private static Exception Refusal(DamagedAgeFile damaged, TempDirectory directory)
    {
        var fromBytes = Record.Exception(() => ConfigurationDecryptor.Decrypt(damaged.Bytes, damaged.Password));
        Assert.True(damaged.Expected.IsInstanceOfType(fromBytes), $"{damaged}: {fromBytes?.GetType().Name ?? "no error"} {fromBytes?.Message}");

        var fromStream = Record.Exception(() => ConfigurationDecryptor.Decrypt(new MemoryStream(damaged.Bytes), damaged.Password));
        Assert.True(fromStream?.GetType() == fromBytes!.GetType(), $"{damaged}, from a stream: {fromStream?.GetType().Name ?? "no error"}");

        var streamed = new MemoryStream();
        var whileStreaming = Record.Exception(() => ConfigurationDecryptor.DecryptTo(new MemoryStream(damaged.Bytes), streamed, damaged.Password));
        Assert.True(whileStreaming?.GetType() == fromBytes.GetType(), $"{damaged}, streamed: {whileStreaming?.GetType().Name ?? "no error"}");
        var written = streamed.ToArray();
        Assert.True(
            written.Length <= damaged.Plaintext.Length && written.AsSpan().SequenceEqual(damaged.Plaintext.AsSpan(0, written.Length)),
            $"{damaged}, streamed: {written.Length} bytes written that are not the beginning of the plaintext");

        var path = directory.File("out-" + Guid.NewGuid().ToString("N"));
        var toFile = Record.Exception(() => ConfigurationDecryptor.DecryptToFile(new MemoryStream(damaged.Bytes), path, damaged.Password));
        Assert.True(toFile?.GetType() == fromBytes.GetType(), $"{damaged}, to a file: {toFile?.GetType().Name ?? "no error"}");
        Assert.Empty(directory.FileNames());

        return fromBytes;
    }
}
