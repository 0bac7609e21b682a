using Dataphin.UpgradeKit.Notifications;
using NodaTime;

namespace Dataphin.UpgradeKit.Storage;

/// <summary>
/// A notification that used up its attempts or its time (R-DLV-4): kept, with the last error, until an operator
/// redrives it. It holds back the later notifications of its record until then (R-DLV-3).
/// </summary>
/// <param name="Notification">The notification, its <see cref="UpgradeNotification.Attempt"/> the last attempt made.</param>
/// <param name="LastError">What the last attempt reported (at most <see cref="MaxErrorLength"/> characters).</param>
/// <param name="DeadLetteredAt">When it was dead-lettered.</param>
public sealed record DeadLetter(UpgradeNotification Notification, string LastError, Instant DeadLetteredAt)
{
    /// <summary>The most characters of an error a store keeps.</summary>
    public const int MaxErrorLength = 1000;

    /// <summary><paramref name="error"/> cut to <see cref="MaxErrorLength"/> characters.</summary>
    internal static string Bound(string error) => error.Length <= MaxErrorLength ? error : error[..(MaxErrorLength - 1)] + "…";
}
