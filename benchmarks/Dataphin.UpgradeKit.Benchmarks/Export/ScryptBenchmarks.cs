using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;
using Dataphin.UpgradeKit.Export;
using Dataphin.UpgradeKit.Export.Age;

namespace Dataphin.UpgradeKit.Benchmarks.Export;

/// <summary>
/// The one-off key derivation every export and every decryption pays, at the shipped work factor
/// (<see cref="ConfigurationEncryptor.WorkFactor"/> = 14: N = 16384, r = 8, p = 1, 16 MiB).
/// </summary>
[MemoryDiagnoser]
public class ScryptBenchmarks
{
    private readonly byte[] _password = Encoding.ASCII.GetBytes("7K3QD-M9XRT-0B4NZ-EH2WA-PC5VG-S");
    private readonly byte[] _salt = RandomNumberGenerator.GetBytes(44);

    [Benchmark(Description = "scrypt logN=14 (shipped work factor)")]
    public byte[] ShippedWorkFactor() =>
        ScryptRecipient.Scrypt(_password, _salt, 1 << ConfigurationEncryptor.WorkFactor, 8, 1, 32);
}
