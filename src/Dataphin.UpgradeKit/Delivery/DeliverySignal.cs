using System.Runtime.CompilerServices;
using Dataphin.UpgradeKit.Storage;

namespace Dataphin.UpgradeKit.Delivery;

/// <summary>
/// An auto-reset wake-up call from the code that commits changes (commands, host reports, redrive) to the dispatcher
/// of the same store: "a change with notifications just committed" (R-DLV-1). Signals that arrive while the dispatcher
/// is busy collapse into one. Thread-safe.
/// </summary>
/// <remarks>
/// One signal per store instance (<see cref="For"/>), so the feature types stay constructible on their own and still
/// wake the one dispatcher that delivers their store's outbox, with nothing shared but the store.
/// </remarks>
internal sealed class DeliverySignal : IDisposable
{
    // Keyed by the store instance, not global: two stores (two tests, two hosts in one process) never wake each other.
    private static readonly ConditionalWeakTable<IUpgradeStore, DeliverySignal> ByStore = [];

    private readonly SemaphoreSlim _semaphore = new(0, 1);

    /// <summary>The signal of <paramref name="store"/>'s outbox.</summary>
    public static DeliverySignal For(IUpgradeStore store) => ByStore.GetValue(store, static _ => new DeliverySignal());

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
