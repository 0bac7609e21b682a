using System.Security.Cryptography;

namespace Dataphin.UpgradeKit.Export.Age;

/// <summary>
/// Passes writes through to the destination and measures them as they go (length and SHA-256), so the audit's hash
/// is of exactly the bytes handed out, in the same pass, without reading anything back (R-CFG-5). A large write
/// (a whole 64 KiB chunk) is hashed on the thread pool while the caller encrypts the next chunk: SHA-256 costs about
/// as much as ChaCha20-Poly1305, so overlapping them is what brings an export near one cipher pass (issue 16).
/// Hashing stays in order: each write waits for the previous hash first. Does not own the destination.
/// </summary>
internal sealed class MeasuredStream(Stream destination) : Stream
{
    /// <summary>Writes at least this large are hashed in the background; below it, a task costs more than it saves.</summary>
    private const int BackgroundThreshold = 16 * 1024;

    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private byte[] _hashing = [];
    private Task _pending = Task.CompletedTask;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    /// <summary>How many bytes were written.</summary>
    public long Written { get; private set; }

    /// <summary>The SHA-256 of everything written; call once, at the end.</summary>
    public byte[] Sha256()
    {
        _pending.GetAwaiter().GetResult();
        return _hash.GetHashAndReset();
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        _pending.GetAwaiter().GetResult();
        if (buffer.Length >= BackgroundThreshold)
        {
            // The caller reuses its buffer for the next chunk: hash a copy (a copy costs a tenth of a hash).
            if (_hashing.Length < buffer.Length)
            {
                _hashing = new byte[buffer.Length];
            }

            buffer.CopyTo(_hashing);
            var length = buffer.Length;
            _pending = Task.Run(() => _hash.AppendData(_hashing, 0, length));
        }
        else
        {
            _hash.AppendData(buffer);
        }

        destination.Write(buffer);
        Written += buffer.Length;
    }

    public override void Flush() => destination.Flush();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            // Never dispose the hash under a running task; a failure there already surfaced through Sha256 or Write.
            _pending.ContinueWith(static _ => { }, TaskScheduler.Default).GetAwaiter().GetResult();
            _hash.Dispose();
        }

        base.Dispose(disposing);
    }
}
