using Dataphin.UpgradeKit.Internal;

namespace Dataphin.UpgradeKit.Storage;

/// <summary>
/// The subscriptions behind <see cref="IRecordChangeFeed.SubscribeToChanges"/>, for store authors: a store calls
/// <see cref="Notify"/> after it committed a change (or learnt that another instance did), and every subscriber's
/// callback runs. Thread-safe; a failing callback does not keep the others from running.
/// </summary>
public sealed class RecordChangeSignal
{
    private readonly Lock _gate = new();
    private Action[] _subscribers = [];

    /// <summary>Adds <paramref name="onCommitted"/> until the returned handle is disposed.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="onCommitted"/> is null.</exception>
    public IDisposable Subscribe(Action onCommitted)
    {
        Guard.NotNull(onCommitted);
        lock (_gate)
        {
            _subscribers = [.. _subscribers, onCommitted];
        }

        return new Subscription(this, onCommitted);
    }

    /// <summary>True when at least one callback is subscribed.</summary>
    public bool HasSubscribers => Volatile.Read(ref _subscribers).Length > 0;

    /// <summary>Runs every subscribed callback once, on the calling thread.</summary>
    public void Notify()
    {
        foreach (var subscriber in Volatile.Read(ref _subscribers))
        {
            try
            {
                subscriber();
            }
#pragma warning disable CA1031 // A hint to one watcher must not break the commit that raised it, nor the other watchers.
            catch (Exception)
#pragma warning restore CA1031
            {
            }
        }
    }

    private void Remove(Action onCommitted)
    {
        lock (_gate)
        {
            var index = Array.IndexOf(_subscribers, onCommitted);
            if (index >= 0)
            {
                _subscribers = [.. _subscribers[..index], .. _subscribers[(index + 1)..]];
            }
        }
    }

    private sealed class Subscription(RecordChangeSignal signal, Action onCommitted) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                signal.Remove(onCommitted);
            }
        }
    }
}
