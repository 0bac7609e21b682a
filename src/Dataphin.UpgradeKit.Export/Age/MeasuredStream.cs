using System.Buffers;
using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using System.Security.Cryptography;

namespace Dataphin.UpgradeKit.Export.Age;

/// <summary>
/// Passes writes through to the destination and measures them as they go (length and SHA-256), so the audit's hash
/// is of exactly the bytes handed out, in the same pass, without reading anything back (R-CFG-5).
/// </summary>
/// <remarks>
/// SHA-256 costs a little more than ChaCha20-Poly1305 on the machines we measured (issue 16), so hashing on the
/// writer's thread would make an export cost two cipher passes. Instead the bytes are copied into one of a few
/// <see cref="SlotSize"/> slots, and a full slot is hashed by a consumer on the thread pool while the writer encrypts
/// on: the writer waits only when every slot is still being hashed, and the consumer never waits for the writer while
/// there is work, so an export costs about the slower of the two passes. Slots are hashed in the order they filled.
/// An output smaller than one slot is hashed on the writer's thread at the end and starts no consumer. The slots are
/// rented from the shared array pool and returned on dispose; they hold ciphertext only. Does not own the destination.
/// </remarks>
internal sealed class MeasuredStream(Stream destination) : Stream
{
    /// <summary>The bytes hashed as one piece by the consumer: one encrypted STREAM chunk of 64 KiB plus its tag.</summary>
    internal const int SlotSize = AgeFormat.EncryptedChunkSize;

    /// <summary>How many slots may wait for or be in hashing at once (memory: this many times <see cref="SlotSize"/>).</summary>
    private const int SlotCount = 3;

    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly ConcurrentQueue<(byte[] Slot, int Length)> _filled = new();
    private readonly ConcurrentBag<byte[]> _spare = [];
    private readonly List<byte[]> _rented = new(SlotCount);
    private readonly SemaphoreSlim _freeSlots = new(SlotCount, SlotCount);
    private readonly SemaphoreSlim _filledSlots = new(0);
    private byte[]? _current;
    private int _currentLength;
    private Task? _consumer;
    private volatile bool _ending;
    private ExceptionDispatchInfo? _failure;
    private bool _finished;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    /// <summary>How many bytes were written.</summary>
    public long Written { get; private set; }

    /// <summary>The SHA-256 of everything written; call once, at the end, after the last write.</summary>
    public byte[] Sha256()
    {
        ObjectDisposedException.ThrowIf(_finished, this);
        _finished = true;
        if (_consumer is null)
        {
            // Everything fit in the first slot: no consumer was started, hash it here.
            _hash.AppendData(_current.AsSpan(0, _currentLength));
        }
        else
        {
            if (_currentLength > 0)
            {
                Enqueue();
            }

            StopConsumer();
        }

        _failure?.Throw();
        return _hash.GetHashAndReset();
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_finished, this);
        _failure?.Throw();
        var measuring = buffer;
        while (!measuring.IsEmpty)
        {
            _current ??= TakeSlot();
            var take = Math.Min(measuring.Length, SlotSize - _currentLength);
            measuring[..take].CopyTo(_current.AsSpan(_currentLength));
            _currentLength += take;
            measuring = measuring[take..];
            if (_currentLength == SlotSize)
            {
                Enqueue();
            }
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
            // Never dispose the hash under a running consumer; a failure of it already surfaced through Sha256 or Write.
            _finished = true;
            StopConsumer();
            _hash.Dispose();
            _freeSlots.Dispose();
            _filledSlots.Dispose();
            foreach (var slot in _rented)
            {
                ArrayPool<byte>.Shared.Return(slot);
            }

            _rented.Clear();
        }

        base.Dispose(disposing);
    }

    private byte[] TakeSlot()
    {
        _freeSlots.Wait();
        if (_spare.TryTake(out var slot))
        {
            return slot;
        }

        // At most SlotCount are ever rented: a slot is taken only after a free one was counted, and comes back as spare.
        slot = ArrayPool<byte>.Shared.Rent(SlotSize);
        _rented.Add(slot);
        return slot;
    }

    private void Enqueue()
    {
        _filled.Enqueue((_current!, _currentLength));
        _current = null;
        _currentLength = 0;
        _consumer ??= Task.Run(ConsumeAsync);
        _filledSlots.Release();
    }

    private async Task ConsumeAsync()
    {
        while (true)
        {
            await _filledSlots.WaitAsync().ConfigureAwait(false);
            if (!_filled.TryDequeue(out var filled))
            {
                // Released with nothing queued: the writer is done.
                return;
            }

            try
            {
                if (_failure is null)
                {
                    _hash.AppendData(filled.Slot, 0, filled.Length);
                }
            }
#pragma warning disable CA1031 // The failure is rethrown to the writer, on its thread, at its next call.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                _failure = ExceptionDispatchInfo.Capture(ex);
            }

            _spare.Add(filled.Slot);
            _freeSlots.Release();
        }
    }

    private void StopConsumer()
    {
        if (_consumer is null || _ending)
        {
            return;
        }

        _ending = true;
        _filledSlots.Release();
        _consumer.GetAwaiter().GetResult();
    }
}
