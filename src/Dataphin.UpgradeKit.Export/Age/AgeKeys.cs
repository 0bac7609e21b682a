using System.Security.Cryptography;
using System.Text;

namespace Dataphin.UpgradeKit.Export.Age;

/// <summary>The two keys age derives from the file key with HKDF-SHA-256.</summary>
internal static class AgeKeys
{
    private static readonly byte[] HeaderInfo = Encoding.ASCII.GetBytes("header");
    private static readonly byte[] PayloadInfo = Encoding.ASCII.GetBytes("payload");

    /// <summary>HMAC-SHA-256 of the header text under HKDF(file key, salt empty, info "header").</summary>
    public static byte[] HeaderMac(ReadOnlySpan<byte> fileKey, ReadOnlySpan<byte> macInput)
    {
        Span<byte> macKey = stackalloc byte[32];
        HKDF.DeriveKey(HashAlgorithmName.SHA256, fileKey, macKey, [], HeaderInfo);
        try
        {
            return HMACSHA256.HashData(macKey, macInput);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(macKey);
        }
    }

    /// <summary>The STREAM key: HKDF(file key, salt = payload nonce, info "payload").</summary>
    public static byte[] PayloadKey(ReadOnlySpan<byte> fileKey, ReadOnlySpan<byte> nonce)
    {
        var key = new byte[32];
        HKDF.DeriveKey(HashAlgorithmName.SHA256, fileKey, key, nonce, PayloadInfo);
        return key;
    }
}
