using System.Security.Cryptography;
using System.Text;

namespace Dataphin.UpgradeKit.Export.Age;

/// <summary>
/// Writes an age v1 file with a single scrypt recipient, and measures what it wrote (length and
/// SHA-256) so the download can be audited without reading the file back.
/// </summary>
internal sealed class AgeFileWriter : IDisposable
{
    private readonly Stream _destination;
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly AgePayloadWriter _payload;
    private long _length;

    public AgeFileWriter(Stream destination, ReadOnlySpan<char> passphrase, int workFactor)
    {
        _destination = destination;
        var fileKey = RandomNumberGenerator.GetBytes(AgeFormat.FileKeySize);
        try
        {
            var stanza = ScryptRecipient.Wrap(fileKey, passphrase, workFactor);
            var header = new StringBuilder();
            header.Append(AgeFormat.VersionLine).Append('\n');
            header.Append("-> ").Append(stanza.Type);
            foreach (var argument in stanza.Arguments)
            {
                header.Append(' ').Append(argument);
            }

            header.Append('\n');
            var body = AgeBase64.Encode(stanza.Body);
            for (var at = 0; ; at += AgeFormat.BodyLineColumns)
            {
                // The last body line is always shorter than 64 columns, so an exact multiple ends with an empty line.
                var take = Math.Min(AgeFormat.BodyLineColumns, body.Length - at);
                header.Append(body, at, take).Append('\n');
                if (take < AgeFormat.BodyLineColumns)
                {
                    break;
                }
            }

            header.Append("---");
            var macInput = Encoding.ASCII.GetBytes(header.ToString());
            var mac = AgeKeys.HeaderMac(fileKey, macInput);
            Emit(macInput);
            Emit(Encoding.ASCII.GetBytes(" " + AgeBase64.Encode(mac) + "\n"));

            var nonce = RandomNumberGenerator.GetBytes(AgeFormat.PayloadNonceSize);
            Emit(nonce);
            var payloadKey = AgeKeys.PayloadKey(fileKey, nonce);
            try
            {
                _payload = new AgePayloadWriter(payloadKey, (buffer, count) => Emit(buffer.AsSpan(0, count)));
            }
            finally
            {
                CryptographicOperations.ZeroMemory(payloadKey);
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(fileKey);
        }
    }

    public AgePayloadWriter Payload => _payload;

    public long Length => _length;

    public byte[] Sha256() => _hash.GetHashAndReset();

    public void Dispose()
    {
        _payload.Dispose();
        _hash.Dispose();
    }

    private void Emit(ReadOnlySpan<byte> bytes)
    {
        _destination.Write(bytes);
        _hash.AppendData(bytes);
        _length += bytes.Length;
    }
}
