using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Dataphin.UpgradeKit.Export;
using Dataphin.UpgradeKit.Export.Age;

namespace Dataphin.UpgradeKit.Benchmarks.Export;

/// <summary>
/// The payload path of the configuration export (issue 5) against its floor: one ChaCha20-Poly1305
/// call over the whole buffer. The files use work factor 1 so that scrypt (measured on its own in
/// <see cref="ScryptBenchmarks"/>) weighs as little as it can, though BouncyCastle's scrypt still costs
/// about 0.15 ms even at N = 2. "Payload only" runs the STREAM layer alone, with no header and no key
/// derivation. Export also hashes its output with SHA-256 for the audit (R-CFG-5); the floor does not.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class ConfigurationExportBenchmarks
{
    private const int NegligibleWorkFactor = 1;
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);
    private readonly byte[] _nonce = new byte[12];
    private byte[] _plaintext = [];
    private byte[] _ciphertext = [];
    private byte[] _tag = new byte[16];
    private byte[] _output = [];
    private byte[] _file = [];
    private string _password = string.Empty;
    private byte[] _payload = [];
    private ChaCha20Poly1305 _aead = null!;

    [Params(1024, 1024 * 1024, 32 * 1024 * 1024)]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _plaintext = RandomNumberGenerator.GetBytes(Size);
        _ciphertext = new byte[Size];
        _output = new byte[Size];
        _aead = new ChaCha20Poly1305(_key);
        _aead.Encrypt(_nonce, _plaintext, _ciphertext, _tag);
        var file = new MemoryStream();
        using var result = ConfigurationEncryptor.Encrypt(_plaintext, file, NegligibleWorkFactor);
        _password = result.Password.Reveal();
        _file = file.ToArray();
        var payload = new MemoryStream();
        using var writer = new AgePayloadWriter(_key, (buffer, count) => payload.Write(buffer, 0, count));
        writer.WriteAll(_plaintext);
        _payload = payload.ToArray();
    }

    [GlobalCleanup]
    public void Cleanup() => _aead.Dispose();

    [Benchmark(Baseline = true, Description = "Floor: ChaCha20-Poly1305 encrypt, one buffer")]
    [BenchmarkCategory("Encrypt")]
    public void FloorEncrypt() => _aead.Encrypt(_nonce, _plaintext, _output, _tag);

    [Benchmark(Description = "Export (age, span in, Stream.Null out)")]
    [BenchmarkCategory("Encrypt")]
    public long Export()
    {
        using var result = ConfigurationEncryptor.Encrypt(_plaintext, Stream.Null, NegligibleWorkFactor);
        return result.Length;
    }

    /// <summary>
    /// What the audit adds to the floor: SHA-256 over as many bytes, alone, on one thread. Export overlaps it with the
    /// encryption on a second thread, so on two idle cores export costs about the larger of this and the payload pass.
    /// </summary>
    [Benchmark(Description = "Audit hash alone: SHA-256, one buffer")]
    [BenchmarkCategory("Encrypt")]
    public byte[] AuditHashAlone() => SHA256.HashData(_plaintext);

    [Benchmark(Description = "Payload only: STREAM encrypt, 64 KiB chunks")]
    [BenchmarkCategory("Encrypt")]
    public void PayloadEncrypt()
    {
        using var writer = new AgePayloadWriter(_key, static (_, _) => { });
        writer.WriteAll(_plaintext);
    }

    [Benchmark(Baseline = true, Description = "Floor: ChaCha20-Poly1305 decrypt, one buffer")]
    [BenchmarkCategory("Decrypt")]
    public void FloorDecrypt() => _aead.Decrypt(_nonce, _ciphertext, _tag, _output);

    [Benchmark(Description = "Decrypt streaming (DecryptTo Stream.Null)")]
    [BenchmarkCategory("Decrypt")]
    public long DecryptStreaming() => ConfigurationDecryptor.DecryptTo(new MemoryStream(_file, writable: false), Stream.Null, _password);

    [Benchmark(Description = "Decrypt buffered (byte[] result)")]
    [BenchmarkCategory("Decrypt")]
    public int DecryptBuffered() => ConfigurationDecryptor.Decrypt(_file, _password).Length;

    [Benchmark(Description = "Payload only: STREAM decrypt, 64 KiB chunks")]
    [BenchmarkCategory("Decrypt")]
    public long PayloadDecrypt() => AgePayloadReader.Decrypt(_key, new MemoryStream(_payload, writable: false), Stream.Null);
}
