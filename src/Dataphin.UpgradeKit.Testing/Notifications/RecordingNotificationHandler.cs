using Dataphin.UpgradeKit.Notifications;

namespace Dataphin.UpgradeKit.Testing.Notifications;

/// <summary>
/// A host's notification handler for tests: keeps every attempt and every accepted notification, and can be told to
/// fail (its first <c>failFirst</c> calls, or whenever <see cref="FailWhen"/> says so) like a host that cannot act yet.
/// Thread-safe.
/// </summary>
public sealed class RecordingNotificationHandler(int failFirst = 0) : IUpgradeNotificationHandler
{
    private readonly Lock _gate = new();
    private readonly List<UpgradeNotification> _attempts = [];
    private readonly List<UpgradeNotification> _received = [];

    /// <summary>When set and true for a notification, the handler throws instead of accepting it.</summary>
    public Func<UpgradeNotification, bool>? FailWhen { get; set; }

    /// <summary>Every notification handed to the handler, failed attempts included, in order.</summary>
    public IReadOnlyList<UpgradeNotification> Attempts
    {
        get
        {
            lock (_gate)
            {
                return [.. _attempts];
            }
        }
    }

    /// <summary>The notifications the handler accepted, in order.</summary>
    public IReadOnlyList<UpgradeNotification> Received
    {
        get
        {
            lock (_gate)
            {
                return [.. _received];
            }
        }
    }

    /// <inheritdoc />
    public Task HandleAsync(UpgradeNotification notification, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _attempts.Add(notification);
            if (_attempts.Count <= failFirst || FailWhen?.Invoke(notification) == true)
            {
                throw new InvalidOperationException("The host could not act on the notification (simulated).");
            }

            _received.Add(notification);
        }

        return Task.CompletedTask;
    }
}
