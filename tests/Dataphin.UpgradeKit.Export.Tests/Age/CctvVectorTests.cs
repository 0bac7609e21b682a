using System.Security.Cryptography;
using Dataphin.UpgradeKit.Export.Age;
using Dataphin.UpgradeKit.Export.Tests.Vectors;
using Dataphin.UpgradeKit.Testing.HostTools;
using Xunit;
using Xunit.Abstractions;

namespace Dataphin.UpgradeKit.Export.Tests.Age;

/// <summary>
/// The C2SP CCTV age suite (cctv-age 0.2.0), ASCII-armored vectors included. Passphrase vectors run end to end
/// through the public streaming decryptor; format vectors of other recipient types run with their file key through
/// the internal reader. Whatever plaintext was released before a failure must match the vector's hash.
/// </summary>
public sealed class CctvVectorTests(ITestOutputHelper output)
{
    private const string NpmHint = "apt-get install npm; the vectors come from 'npm pack cctv-age@0.2.0'";

    public static TheoryData<string> ScryptVectors => Names(CctvScope.Scrypt);

    public static TheoryData<string> FileKeyVectors => Names(CctvScope.FileKey);

    [RequiresHostToolTheory("npm", NpmHint)]
    [MemberData(nameof(ScryptVectors))]
    public void ScryptVector_DecryptsOrFailsAsExpected_R_CFG_3(string name)
    {
        var vector = CctvVectors.Get(name);
        var released = new MemoryStream();

        var error = Record.Exception(() =>
            ConfigurationDecryptor.DecryptTo(new MemoryStream(vector.File), released, vector.Passphrases[0]));

        AssertOutcome(vector, error, released.ToArray());
    }

    [RequiresHostToolTheory("npm", NpmHint)]
    [MemberData(nameof(FileKeyVectors))]
    public void FormatVector_WithFileKey_DecryptsOrFailsAsExpected_R_CFG_4(string name)
    {
        var vector = CctvVectors.Get(name);
        var released = new MemoryStream();

        var error = Record.Exception(() =>
            AgeFileReader.DecryptWithFileKey(new MemoryStream(vector.File), Convert.FromHexString(vector.FileKey!), released));

        AssertOutcome(vector, error, released.ToArray());
    }

    [RequiresHostToolFact("npm", NpmHint)]
    public void Suite_RunsScryptAndFormatVectors_AndCountsOutOfScopeOnes_R_CFG_3()
    {
        var byScope = CctvVectors.All.GroupBy(CctvClassifier.Classify).ToDictionary(g => g.Key, g => g.Count());
        foreach (var (scope, count) in byScope.OrderBy(p => p.Key))
        {
            output.WriteLine($"{scope}: {count}");
        }

        Assert.True(byScope.GetValueOrDefault(CctvScope.Scrypt) >= 25, "expected every passphrase vector (25 or more, armored ones included) to be run");
        Assert.Contains(CctvVectors.All, v => v.Armored && CctvClassifier.Classify(v) == CctvScope.Scrypt);
        Assert.True(byScope.GetValueOrDefault(CctvScope.FileKey) >= 70, "expected the suite's format vectors, armored ones included, to be run");
        Assert.True(CctvVectors.All.Count(v => v.Armored && CctvClassifier.Classify(v) != CctvScope.OutOfScopeRecipient) >= 31, "expected the armor vectors to be run");
        Assert.Equal(CctvVectors.All.Count, byScope.Values.Sum());
    }

    private static TheoryData<string> Names(CctvScope scope)
    {
        var data = new TheoryData<string>();
        foreach (var vector in CctvVectors.All.Where(v => CctvClassifier.Classify(v) == scope))
        {
            data.Add(vector.Name);
        }

        return data;
    }

    internal static void AssertOutcome(CctvVector vector, Exception? error, byte[] released)
    {
        var expectedType = vector.Expect switch
        {
            "success" => null,
            "no match" => typeof(AgeWrongPasswordException),
            "header failure" => typeof(AgeHeaderException),
            "HMAC failure" => typeof(AgeHeaderMacException),
            "payload failure" => typeof(AgePayloadException),
            "armor failure" => typeof(AgeArmorException),
            var other => throw new InvalidOperationException($"Unknown expectation '{other}' in {vector.Name}"),
        };

        if (expectedType is null)
        {
            Assert.Null(error);
        }
        else
        {
            Assert.NotNull(error);
            Assert.IsAssignableFrom(expectedType, error);
        }

        if (vector.Payload is { } payload)
        {
            Assert.Equal(payload, Convert.ToHexStringLower(SHA256.HashData(released)));
        }
        else
        {
            Assert.Empty(released);
        }
    }
}
