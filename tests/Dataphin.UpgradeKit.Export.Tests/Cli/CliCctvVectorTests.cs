using System.Security.Cryptography;
using Dataphin.UpgradeKit.Export.Tests.Age;
using Dataphin.UpgradeKit.Export.Tests.Support;
using Dataphin.UpgradeKit.Export.Tests.Vectors;
using Dataphin.UpgradeKit.Testing.HostTools;
using Xunit;

namespace Dataphin.UpgradeKit.Export.Tests.Cli;

/// <summary>All 25 CCTV passphrase vectors, the armored one included, through the tool as a process: exit code and output as expected.</summary>
public sealed class CliCctvVectorTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public static TheoryData<string> ScryptVectors => CctvVectorTests.ScryptVectors;

    public void Dispose() => _directory.Dispose();

    [RequiresHostToolTheory("npm", "apt-get install npm; the vectors come from 'npm pack cctv-age@0.2.0'")]
    [MemberData(nameof(ScryptVectors))]
    public void Decrypt_ScryptVector_ExitsAsExpectedAndWritesOnlyAuthenticPlaintext_R_CFG_3(string name)
    {
        var vector = CctvVectors.Get(name);
        File.WriteAllBytes(_directory.File("vector.age"), vector.File);

        var run = CliProcess.Run(vector.Passphrases[0] + "\n", _directory.Path, "decrypt", "vector.age", "--out", "plain");

        var expected = vector.Expect switch
        {
            "success" => 0,
            "no match" => 1,
            "header failure" => run.ExitCode == 3 ? 3 : 4,
            "armor failure" => 4,
            "HMAC failure" => 5,
            "payload failure" => 6,
            var other => throw new InvalidOperationException($"Unknown expectation '{other}' in {name}"),
        };
        Assert.True(expected == run.ExitCode, $"{name}: expected exit {expected}, got {run.ExitCode}: {run.StandardError}");
        if (expected == 0)
        {
            Assert.Equal(vector.Payload, Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(_directory.File("plain")))));
        }
        else
        {
            Assert.Equal(["vector.age"], _directory.FileNames());
        }
    }
}
