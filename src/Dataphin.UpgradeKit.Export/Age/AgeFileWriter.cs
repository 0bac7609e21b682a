using System.Security.Cryptography;
using System.Text;

namespace Dataphin.UpgradeKit.Export.Age;

/// <summary>
/// Writes an age v1 file with a single scrypt recipient, binary or ASCII-armored, and measures what it wrote (length
/// and SHA-256 of the bytes handed out) in the same pass, so the download can be audited without reading it back.
/// </summary>
internal sealed class AgeFileWriter : IDisposable
{
    private readonly MeasuredStream _measured;
    private readonly ArmorWriteStream? _armor;
    private readonly Stream _out;
    private readonly AgePayloadWriter _payload;

    public AgeFileWriter(Stream destination, ReadOnlySpan<char> passphrase, int workFactor, bool armored = false)
    {
        _measured = new MeasuredStream(destination);
        _armor = armored ? new ArmorWriteStream(_measured) : null;
        _out = (Stream?)_armor ?? _measured;
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

    /// <summary>Ends the file (the armor's last lines) and returns the length and SHA-256 of all that was written.</summary>
    public (long Length, byte[] Sha256) Complete()
    {
        _armor?.Finish();
        return (_measured.Written, _measured.Sha256());
    }

    public void Dispose()
    {
        _payload.Dispose();
        _measured.Dispose();
    }

    private void Emit(ReadOnlySpan<byte> bytes) => _out.Write(bytes);
}
