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

    /// <summary>
    /// Waits for a wake-up or until <paramref name="timeout"/> has passed on <paramref name="time"/>; throws
    /// <see cref="OperationCanceledException"/> when <paramref name="cancellationToken"/> is cancelled.
    /// </summary>
    public async Task WaitAsync(TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        using var timer = new CancellationTokenSource(timeout, time);
        using var either = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timer.Token);
        try
        {
            await _signal.WaitAsync(either.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Thrown with the caller's own token; otherwise the timeout passed and the caller reads anyway.
            cancellationToken.ThrowIfCancellationRequested();
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
