using Dataphin.UpgradeKit.Internal;
using Dataphin.UpgradeKit.Notifications;
using NodaTime;

namespace Dataphin.UpgradeKit.Lifecycle;

/// <summary>What the host is told after an accepted change (R-HOST-1), stored in the same transaction as the change.</summary>
internal static class LifecycleNotifications
{
    public static UpgradeNotification[] Of(UpgradeRecord next, LifecycleRequest request, Instant now)
    {
        var id = TimeOrderedIds.NewGuid(now);
        return request.Operation switch
        {
            UpgradeOperation.Stop =>
            [
                new UpgradeStoppedNotification
                {
                    Id = id,
                    RecordId = next.Id,
                    OccurredAt = now,
                    RerunForceStoppedInstances = request.Stop!.RerunForceStoppedInstances,
                    ExitMaintenanceMode = next.Mode == UpgradeMode.Maintenance,
                },
            ],
            UpgradeOperation.Complete => [new UpgradeCompletedNotification { Id = id, RecordId = next.Id, OccurredAt = now }],
            UpgradeOperation.Fail => [new UpgradeFailedNotification { Id = id, RecordId = next.Id, OccurredAt = now, Reason = request.FailureReason }],
            UpgradeOperation.ForceStop =>
            [
                new UpgradeForceStoppedNotification { Id = id, RecordId = next.Id, OccurredAt = now, Result = request.ForceStop!.Result!.Value },
            ],
            _ => [],
        };
    }
}
