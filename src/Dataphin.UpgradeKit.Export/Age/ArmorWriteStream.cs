using System.Buffers.Text;

namespace Dataphin.UpgradeKit.Export.Age;

/// <summary>
/// Writes the ASCII armor of what it is given: the begin line, padded base64 in lines of 64 columns, and, on
/// <see cref="Finish"/>, the last line and the end line, as <c>age -a</c> writes it. Does not own <c>inner</c>.
/// </summary>
internal sealed class ArmorWriteStream : Stream
{
    private readonly Stream _inner;
    private readonly byte[] _pending = new byte[AgeArmor.BytesPerLine];
    private readonly byte[] _line = new byte[AgeArmor.Columns + 1];
    private int _pendingLength;
    private bool _finished;

    public ArmorWriteStream(Stream inner)
    {
        _inner = inner;
        _inner.Write("-----BEGIN AGE ENCRYPTED FILE-----\n"u8);
    }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_finished, this);
        while (!buffer.IsEmpty)
        {
            if (_pendingLength == _pending.Length)
            {
                // A full line is written only once more data follows, so the last line is never empty.
                EmitPending();
            }

            var take = Math.Min(buffer.Length, _pending.Length - _pendingLength);
            buffer[..take].CopyTo(_pending.AsSpan(_pendingLength));
            _pendingLength += take;
            buffer = buffer[take..];
        }
    }

    /// <summary>Writes the last line and the end line. Call once, after the last write.</summary>
    public void Finish()
    {
        if (_finished)
        {
            return;
        }

        if (_pendingLength > 0)
        {
            EmitPending();
        }

        _inner.Write("-----END AGE ENCRYPTED FILE-----\n"u8);
        _finished = true;
    }

    public override void Flush() => _inner.Flush();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    private void EmitPending()
    {
        Base64.EncodeToUtf8(_pending.AsSpan(0, _pendingLength), _line, out _, out var length);
        _line[length] = (byte)'\n';
        _inner.Write(_line, 0, length + 1);
        _pendingLength = 0;
    }
}
