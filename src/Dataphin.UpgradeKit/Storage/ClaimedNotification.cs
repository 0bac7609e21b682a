using Dataphin.UpgradeKit.Notifications;
using NodaTime;

namespace Dataphin.UpgradeKit.Storage;

/// <summary>A notification a dispatcher claimed (<see cref="INotificationDelivery.ClaimAsync"/>).</summary>
/// <param name="Notification">The notification, its <see cref="UpgradeNotification.Attempt"/> counting this claim.</param>
/// <param name="FirstAttemptedAt">When it was first claimed (since it was stored or last redriven): the start of its delivery time budget.</param>
public sealed record ClaimedNotification(UpgradeNotification Notification, Instant FirstAttemptedAt);
