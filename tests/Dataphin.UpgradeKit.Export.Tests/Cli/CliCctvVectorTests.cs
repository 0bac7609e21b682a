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
            // From the vector, not from the run: a file whose first line is not the age magic (or a cut-off beginning
            // of it) is not an age file (3); one that begins like an age file and then breaks its header is damaged (4).
            "header failure" => BeginsWithTheAgeMagic(vector) ? 4 : 3,
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

    [Fact]
    public void BeginsWithTheAgeMagic_ReadsTheFileOrItsArmoredContent()
    {
        var fields = new Dictionary<string, IReadOnlyList<string>> { ["expect"] = ["header failure"] };
        var armoredFields = new Dictionary<string, IReadOnlyList<string>>(fields) { ["armored"] = ["yes"] };
        var ageHeader = "age-encryption.org/v2\n"u8.ToArray();
        var armor = System.Text.Encoding.ASCII.GetBytes(
            "-----BEGIN AGE ENCRYPTED FILE-----\n" + Convert.ToBase64String(ageHeader) + "\n-----END AGE ENCRYPTED FILE-----\n");

        Assert.True(BeginsWithTheAgeMagic(new CctvVector("a", fields, ageHeader)));
        Assert.False(BeginsWithTheAgeMagic(new CctvVector("b", fields, "age-encryption.com/v1\n"u8.ToArray())));
        Assert.True(BeginsWithTheAgeMagic(new CctvVector("e", fields, "age-encr"u8.ToArray())));
        Assert.False(BeginsWithTheAgeMagic(new CctvVector("f", fields, "\nage-encryption.org/v1\n"u8.ToArray())));
        Assert.True(BeginsWithTheAgeMagic(new CctvVector("c", armoredFields, armor)));
        Assert.False(BeginsWithTheAgeMagic(new CctvVector("d", armoredFields, "-----BEGIN AGE ENCRYPTED FILE-----\n"u8.ToArray())));
    }

    private static bool BeginsWithTheAgeMagic(CctvVector vector)
    {
        var content = vector.File;
        if (vector.Armored)
        {
            var lines = System.Text.Encoding.ASCII.GetString(content).Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            try
            {
                content = lines.Length > 2 ? Convert.FromBase64String(string.Concat(lines[1..^1])) : [];
            }
            catch (FormatException)
            {
                content = [];
            }
        }

        // Its first line begins with the magic, or is a (truncated) beginning of it.
        var magic = "age-encryption.org/"u8;
        var end = content.AsSpan().IndexOf((byte)'\n');
        var line = end < 0 ? content.AsSpan() : content.AsSpan(0, end);
        return !line.IsEmpty && (line.StartsWith(magic) || magic.StartsWith(line));
    }
}
