using System.Security.Cryptography;

namespace Dataphin.UpgradeKit.Export.Age;

/// <summary>
/// An age file whose header verified: the stream positioned at the STREAM payload and its key. Disposing clears the
/// key; the source stream is not owned.
/// </summary>
internal sealed class AgePayload(Stream source, byte[] key) : IDisposable
{
    public Stream Source => source;

    /// <summary>Decrypts the payload chunk by chunk into <paramref name="destination"/> (see <see cref="AgePayloadReader"/>).</summary>
    public long DecryptTo(Stream destination, CancellationToken cancellationToken = default) =>
        AgePayloadReader.Decrypt(key, source, destination, cancellationToken);

    /// <summary>Decrypts the payload straight into <paramref name="destination"/> (see <see cref="AgePayloadReader.DecryptInto"/>).</summary>
    public long DecryptInto(Span<byte> destination) => AgePayloadReader.DecryptInto(key, source, destination);

    public void Dispose() => CryptographicOperations.ZeroMemory(key);
}
