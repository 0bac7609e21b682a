namespace Dataphin.UpgradeKit.Internal;

/// <summary>
/// An auto-reset wake-up call from the service to its dispatcher: "a change with notifications just committed"
/// (R-DLV-1). Signals that arrive while the dispatcher is busy collapse into one. Thread-safe.
/// </summary>
internal sealed class DeliverySignal : IDisposable
{
    private readonly SemaphoreSlim _semaphore = new(0, 1);

    /// <summary>Wakes the waiter, or the next one to wait.</summary>
    public void Set()
    {
        if (_semaphore.CurrentCount == 0)
        {
            try
            {
                _semaphore.Release();
            }
            catch (SemaphoreFullException)
            {
                // Another thread set it between the check and the release: one wake-up is all that is needed.
            }
        }
    }

    /// <summary>Waits until <see cref="Set"/> is called or <paramref name="timeout"/> passes; true when it was set.</summary>
    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _semaphore.WaitAsync(timeout, cancellationToken);

    public void Dispose() => _semaphore.Dispose();
}
