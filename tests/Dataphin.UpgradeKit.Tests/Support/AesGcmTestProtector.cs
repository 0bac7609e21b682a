using System.Security.Cryptography;
using Dataphin.UpgradeKit.Protection;

namespace Dataphin.UpgradeKit.Tests.Support;

/// <summary>A protector for tests: AES-256-GCM under one key, nonce and tag stored with the ciphertext.</summary>
internal sealed class AesGcmTestProtector(byte[] key) : IConfigurationProtector
{
    public AesGcmTestProtector()
        : this(RandomNumberGenerator.GetBytes(32))
    {
    }

    public int Protected { get; private set; }

    public byte[] Protect(ReadOnlySpan<byte> content)
    {
        Protected++;
        var output = new byte[12 + 16 + content.Length];
        RandomNumberGenerator.Fill(output.AsSpan(0, 12));
        using var aes = new AesGcm(key, 16);
        aes.Encrypt(output.AsSpan(0, 12), content, output.AsSpan(28), output.AsSpan(12, 16));
        return output;
    }

    public byte[] Unprotect(ReadOnlySpan<byte> protectedContent)
    {
        if (protectedContent.Length < 28)
        {
            throw new CryptographicException("Too short.");
        }

        var plain = new byte[protectedContent.Length - 28];
        using var aes = new AesGcm(key, 16);
        aes.Decrypt(protectedContent[..12], protectedContent[28..], protectedContent.Slice(12, 16), plain); // AuthenticationTagMismatchException is a CryptographicException
        return plain;
    }
}
