using System.Security.Cryptography;

namespace Dataphin.UpgradeKit.Protection;

/// <summary>
/// The stored form of a protected configuration: an 8-byte marker, then what the protector returned. The marker tells
/// a protected configuration from one stored before protection was enabled, which is read as it is (the migration
/// path of R-SEC-6). It holds the bytes <c>FF FE</c>, which never occur in UTF-8 text, so a text configuration written
/// in the clear is never mistaken for a protected one.
/// </summary>
internal static class ProtectedContent
{
    private static ReadOnlySpan<byte> Marker => [0x00, (byte)'U', (byte)'K', (byte)'P', (byte)'1', 0xFF, 0xFE, 0x00];

    public static bool IsProtected(ReadOnlySpan<byte> stored) => stored.StartsWith(Marker);

    public static byte[] Seal(IConfigurationProtector protector, ReadOnlySpan<byte> content)
    {
        var inner = protector.Protect(content);
        var sealedBytes = new byte[Marker.Length + inner.Length];
        Marker.CopyTo(sealedBytes);
        inner.CopyTo(sealedBytes.AsSpan(Marker.Length));
        return sealedBytes;
    }

    /// <summary>The plain content: opened when it carries the marker, as it is when it was stored before protection.</summary>
    /// <exception cref="CryptographicException">The protector refused the bytes.</exception>
    public static ReadOnlyMemory<byte> Open(IConfigurationProtector protector, ReadOnlyMemory<byte> stored) =>
        IsProtected(stored.Span) ? protector.Unprotect(stored.Span[Marker.Length..]) : stored;
}
