using Dataphin.UpgradeKit.Internal;
using Dataphin.UpgradeKit.Notifications;
using NodaTime;

namespace Dataphin.UpgradeKit.Lifecycle;

/// <summary>What the host is told after an accepted change (R-HOST-1), as <see cref="OperationCatalog"/> says; stored in the same transaction as the change.</summary>
internal static class LifecycleNotifications
{
    /// <exception cref="ArgumentOutOfRangeException">The request's operation is not defined.</exception>
    public static UpgradeNotification[] Of(UpgradeRecord next, LifecycleRequest request, Instant now) =>
        OperationCatalog.Of(request.Operation).Notify(next, request, TimeOrderedIds.NewGuid(now), now);
}
