using System.Buffers;
using System.Buffers.Text;

namespace Dataphin.UpgradeKit.Export.Age;

/// <summary>
/// Decodes the ASCII armor line by line as the binary reader asks for bytes (memory: one line). As strict as the
/// reference implementation: every line but the last exactly 64 columns, the last 1 to 64 with canonical padding and
/// directly followed by the end line, nothing but white space (at most 1 KiB) after it.
/// </summary>
internal sealed class ArmorReadStream : Stream
{
    private readonly Stream _inner;
    private readonly byte[] _line = new byte[AgeArmor.Columns + 1];
    private readonly byte[] _decoded = new byte[AgeArmor.BytesPerLine];
    private int _decodedPosition;
    private int _decodedLength;
    private bool _sawShortLine;
    private bool _finished;

    /// <param name="inner">The armored text, starting at the first dash of the begin line.</param>
    public ArmorReadStream(Stream inner)
    {
        _inner = inner;
        var line = ReadLine(out var ended);
        if (!ended || !line.SequenceEqual("-----BEGIN AGE ENCRYPTED FILE-----"u8))
        {
            throw new AgeArmorException("The armored file does not begin with the line '-----BEGIN AGE ENCRYPTED FILE-----'.");
        }
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int ReadByte()
    {
        if (_decodedPosition == _decodedLength && !Fill())
        {
            return -1;
        }

        return _decoded[_decodedPosition++];
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var total = 0;
        while (total < buffer.Length && (_decodedPosition < _decodedLength || Fill()))
        {
            var take = Math.Min(buffer.Length - total, _decodedLength - _decodedPosition);
            _decoded.AsSpan(_decodedPosition, take).CopyTo(buffer[total..]);
            _decodedPosition += take;
            total += take;
        }

        return total;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <summary>Decodes the next armor line; false once the end line was read.</summary>
    private bool Fill()
    {
        if (_finished)
        {
            return false;
        }

        var line = ReadLine(out var ended);
        if (line.SequenceEqual("-----END AGE ENCRYPTED FILE-----"u8))
        {
            _finished = true;
            CheckTrailer();
            return false;
        }

        if (!ended && line.IsEmpty)
        {
            throw new AgeArmorException("The armored file ends without its '-----END AGE ENCRYPTED FILE-----' line (it is truncated).");
        }

        if (_sawShortLine)
        {
            throw new AgeArmorException("An armor line shorter than 64 columns is not directly followed by the end line.");
        }

        if (line.IsEmpty)
        {
            throw new AgeArmorException("The armor has an empty line.");
        }

        Decode(line);
        return true;
    }

    private void Decode(ReadOnlySpan<byte> line)
    {
        var padding = line.EndsWith("=="u8) ? 2 : line.EndsWith("="u8) ? 1 : 0;
        foreach (var b in line[..^padding])
        {
            if (!AgeArmor.IsBase64Character(b))
            {
                throw new AgeArmorException("The armor has a character outside base64 (white space included).");
            }
        }

        if (line.Length < AgeArmor.Columns)
        {
            _sawShortLine = true;
        }

        if (line.Length % 4 != 0)
        {
            throw new AgeArmorException("The last armor line is not padded to a multiple of four characters.");
        }

        if (Base64.DecodeFromUtf8(line, _decoded, out _, out var written) != OperationStatus.Done)
        {
            throw new AgeArmorException("The armor is not valid base64.");
        }

        if (padding > 0)
        {
            // Only a padded line has unused bits; they must be zero (canonical), as the header MAC depends on exact text.
            Span<byte> again = stackalloc byte[AgeArmor.Columns];
            if (Base64.EncodeToUtf8(_decoded.AsSpan(0, written), again, out _, out var length) != OperationStatus.Done || !again[..length].SequenceEqual(line))
            {
                throw new AgeArmorException("The armor's base64 is not canonical.");
            }
        }

        _decodedPosition = 0;
        _decodedLength = written;
    }

    private void CheckTrailer()
    {
        for (var seen = 0; ; seen++)
        {
            var b = _inner.ReadByte();
            if (b < 0)
            {
                return;
            }

            if (!AgeArmor.IsWhiteSpace(b) || seen >= AgeArmor.MaxSurroundingWhiteSpace)
            {
                throw new AgeArmorException("The armored file has something other than white space after its end line.");
            }
        }
    }

    /// <summary>One line without its LF or CRLF; <paramref name="ended"/> is false when the stream ended first.</summary>
    private ReadOnlySpan<byte> ReadLine(out bool ended)
    {
        var count = 0;
        while (true)
        {
            var b = _inner.ReadByte();
            if (b < 0 || b == '\n')
            {
                ended = b == '\n';
                var line = _line.AsSpan(0, count);
                return !line.IsEmpty && line[^1] == '\r' ? line[..^1] : line;
            }

            if (count == _line.Length)
            {
                throw new AgeArmorException("An armor line is longer than 64 columns.");
            }

            _line[count++] = (byte)b;
        }
    }
}
