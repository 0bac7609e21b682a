using System.Collections.Concurrent;
using Dataphin.UpgradeKit.Notifications;

namespace Dataphin.UpgradeKit.Samples.Console;

/// <summary>What the host does with the SDK's notifications (R-HOST-1): here, keep them to print after the run.</summary>
internal sealed class CollectingHost : IUpgradeNotificationHandler
{
    public ConcurrentQueue<UpgradeNotification> Received { get; } = new();

    public Task HandleAsync(UpgradeNotification notification, CancellationToken cancellationToken)
    {
        Received.Enqueue(notification);
        return Task.CompletedTask;
    }
}
