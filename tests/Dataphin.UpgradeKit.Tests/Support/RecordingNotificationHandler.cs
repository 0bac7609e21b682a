using System.Collections.Concurrent;
using Dataphin.UpgradeKit.Notifications;

namespace Dataphin.UpgradeKit.Tests.Support;

/// <summary>Keeps what it is handed; can be told to fail.</summary>
internal sealed class RecordingNotificationHandler : IUpgradeNotificationHandler
{
    public ConcurrentQueue<UpgradeNotification> Received { get; } = new();

    public Func<UpgradeNotification, bool>? FailWhen { get; set; }

    public Task HandleAsync(UpgradeNotification notification, CancellationToken cancellationToken)
    {
        if (FailWhen?.Invoke(notification) == true)
        {
            throw new InvalidOperationException("host handler failed");
        }

        Received.Enqueue(notification);
        return Task.CompletedTask;
    }
}
