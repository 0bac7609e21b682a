namespace Dataphin.UpgradeKit.Export.Age;

/// <summary>A read-only, forward-only stream that returns <c>prefix</c> and then the rest of <c>inner</c> (bytes read ahead to detect armor).</summary>
internal sealed class PrefixedStream(byte[] prefix, Stream inner) : Stream
{
    private int _position;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int ReadByte() => _position < prefix.Length ? prefix[_position++] : inner.ReadByte();

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (_position >= prefix.Length)
        {
            return inner.Read(buffer);
        }

        var take = Math.Min(buffer.Length, prefix.Length - _position);
        prefix.AsSpan(_position, take).CopyTo(buffer);
        _position += take;
        return take;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
