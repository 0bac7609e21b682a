using System.Text;
using Dataphin.UpgradeKit.Export.Age;
using Xunit;

namespace Dataphin.UpgradeKit.Export.Tests.Age;

/// <summary>
/// RFC 7914 §12 test vectors through the very BouncyCastle call the scrypt recipient uses. The fourth
/// vector (N = 2^20, 1 GiB) is left out to keep the suite light on a shared machine.
/// </summary>
public sealed class ScryptRfc7914Tests
{
    [Theory]
    [InlineData("", "", 16, 1, 1,
        "77d6576238657b203b19ca42c18a0497f16b4844e3074ae8dfdffa3fede21442fcd0069ded0948f8326a753a0fc81f17e8d3e0fb2e0d3628cf35e20c38d18906")]
    [InlineData("password", "NaCl", 1024, 8, 16,
        "fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b3731622eaf30d92e22a3886ff109279d9830dac727afb94a83ee6d8360cbdfa2cc0640")]
    [InlineData("pleaseletmein", "SodiumChloride", 16384, 8, 1,
        "7023bdcb3afd7348461c06cd81fd38ebfda8fbba904f8e3ea9b543f6545da1f2d5432955613f0fcf62d49705242a9af9e61e85dc0d651e40dfcf017b45575887")]
    public void Scrypt_Rfc7914Vector_MatchesExpectedKey_R_CFG_3(string password, string salt, int n, int r, int p, string expectedHex)
    {
        var key = ScryptRecipient.Scrypt(Encoding.ASCII.GetBytes(password), Encoding.ASCII.GetBytes(salt), n, r, p, 64);

        Assert.Equal(expectedHex, Convert.ToHexStringLower(key));
    }
}
