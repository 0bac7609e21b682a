namespace Dataphin.UpgradeKit.PostgreSql;

public sealed partial class PostgreSqlUpgradeStore
{
    private readonly Lock _listenerGate = new();
    private PostgreSqlChangeListener? _listener;

    // Test knobs of the listener, read when it is created (the first watcher subscribes).
    internal TimeSpan ListenerReconnectDelay { get; set; } = TimeSpan.FromSeconds(1);

    internal TimeSpan ListenerIdleCheck { get; set; } = TimeSpan.FromSeconds(15);

    internal Action<int>? ListenerListening { get; set; }

    internal Action? ListenerPinged { get; set; }

    // The first watcher opens the store's one LISTEN connection; changes committed through this instance wake its
    // watchers at once, the NOTIFY of every instance's commits (this one's included) through the listener.
    /// <summary>
    /// Calls <paramref name="onCommitted"/> after every commit that adds to the change feed, this instance's at once and
    /// every other instance's on the same database through one <c>LISTEN</c> connection, opened by the first subscriber.
    /// </summary>
    public override IDisposable SubscribeToChanges(Action onCommitted)
    {
        ArgumentNullException.ThrowIfNull(onCommitted);
        PostgreSqlChangeListener listener;
        lock (_listenerGate)
        {
            listener = _listener ??= new PostgreSqlChangeListener(_dataSource, _core.Changes, _core.Log, _logger)
            {
                ReconnectDelay = ListenerReconnectDelay,
                IdleCheck = ListenerIdleCheck,
                Listening = ListenerListening,
                Pinged = ListenerPinged,
            };
        }

        return listener.Subscribe(onCommitted);
    }

    private ValueTask StopListeningAsync()
    {
        PostgreSqlChangeListener? listener;
        lock (_listenerGate)
        {
            listener = _listener;
            _listener = null;
        }

        return listener?.DisposeAsync() ?? ValueTask.CompletedTask;
    }
}
