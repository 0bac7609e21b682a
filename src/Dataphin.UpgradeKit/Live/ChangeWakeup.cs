namespace Dataphin.UpgradeKit.Live;

/// <summary>
/// Wakes one watcher after a commit. A wake-up that arrives while the watcher is reading is kept (the count stays at
/// one), so the watcher reads again instead of sleeping past a change.
/// </summary>
internal sealed class ChangeWakeup : IDisposable
{
    private readonly SemaphoreSlim _signal = new(0, 1);
    private int _disposed;

    public void Set()
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            return;
        }

        try
        {
            _signal.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already set: one pending wake-up is enough.
        }
        catch (ObjectDisposedException)
        {
            // The watch ended between the check and the release.
        }
    }

    /// <summary>Waits for a wake-up or <paramref name="timeout"/>; false when <paramref name="cancellationToken"/> ended the wait.</summary>
    public async Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            await _signal.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _signal.Dispose();
        }
    }
}
