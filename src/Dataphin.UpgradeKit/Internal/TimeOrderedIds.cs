using System.Buffers.Binary;
using NodaTime;

namespace Dataphin.UpgradeKit.Internal;

/// <summary>
/// Version 7 GUIDs (RFC 9562: 48-bit Unix milliseconds, then random bits) for ids that must be unique and time-ordered
/// but not secret. <see cref="Guid.CreateVersion7(DateTimeOffset)"/> draws cryptographic randomness, which costs
/// about a microsecond a call here; ids need no unpredictability, so the 74 random bits come from
/// <see cref="Random.Shared"/> (seeded from the OS per thread).
/// </summary>
internal static class TimeOrderedIds
{
    public static Guid NewGuid(Instant at)
    {
        Span<byte> bytes = stackalloc byte[16];
        Random.Shared.NextBytes(bytes[6..]);
        var millis = (ulong)at.ToUnixTimeMilliseconds();
        BinaryPrimitives.WriteUInt64BigEndian(bytes[..8], (millis << 16) | BinaryPrimitives.ReadUInt16BigEndian(bytes[6..8]));
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x70); // version 7
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC 9562 variant
        return new Guid(bytes, bigEndian: true);
    }
}
