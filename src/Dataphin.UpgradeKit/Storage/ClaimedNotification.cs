using Dataphin.UpgradeKit.Notifications;
using NodaTime;

namespace Dataphin.UpgradeKit.Storage;

/// <summary>A notification a dispatcher claimed (<see cref="INotificationDelivery.ClaimAsync"/>).</summary>
/// <remarks>Not positional, so that a later version can add a property without breaking code built against this one.</remarks>
public sealed record ClaimedNotification
{
    /// <summary>Creates a claimed notification.</summary>
    /// <param name="notification">The notification, its <see cref="UpgradeNotification.Attempt"/> counting this claim.</param>
    /// <param name="firstAttemptedAt">When it was first claimed (since it was stored or last redriven).</param>
    public ClaimedNotification(UpgradeNotification notification, Instant firstAttemptedAt)
    {
        Notification = notification;
        FirstAttemptedAt = firstAttemptedAt;
    }

    /// <summary>The notification, its <see cref="UpgradeNotification.Attempt"/> counting this claim.</summary>
    public UpgradeNotification Notification { get; init; }

    /// <summary>When it was first claimed (since it was stored or last redriven): the start of its delivery time budget.</summary>
    public Instant FirstAttemptedAt { get; init; }
}
