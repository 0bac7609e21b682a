using Dataphin.UpgradeKit.Relational;

namespace Dataphin.UpgradeKit.Sqlite;

// R-STORE-2: SQLite's lock wait blocks its thread, so the store's writers wait for their turn here, asynchronously,
// and only the head of the queue waits inside SQLite.
internal sealed partial class SqliteDialect
{
    private readonly SemaphoreSlim _writerQueue = new(1, 1);

    /// <summary>True while a write (or a scheduled checkpoint) holds the turn; the tests wait for it instead of sleeping.</summary>
    internal bool WriterTurnTaken => _writerQueue.CurrentCount == 0;

    public override async ValueTask<IDisposable?> EnterWriterQueueAsync(CancellationToken cancellationToken)
    {
        if (!await _writerQueue.WaitAsync(_busyTimeout, cancellationToken).ConfigureAwait(false))
        {
            throw new StoreFault(
                $"A write waited {_busyTimeout.TotalSeconds:0.###} s (BusyTimeout) for its turn behind this store's other writes, which wait for the write lock of {Location}",
                "Another process probably holds that lock (a sqlite3 shell in a transaction, a backup, a second host on the file): end its " +
                "transaction, then retry; the call may be made again as it is.",
                _busyTimeout);
        }

        return new Turn(_writerQueue);
    }

    /// <summary>The head of the queue's turn; disposing it lets the next writer in.</summary>
    private sealed class Turn(SemaphoreSlim queue) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                queue.Release();
            }
        }
    }
}
