using Dataphin.UpgradeKit.Notifications;
using NodaTime;

namespace Dataphin.UpgradeKit.Storage;

/// <summary>
/// A notification that used up its attempts or its time: kept, with the last error, until an operator
/// redrives it. It holds back the later notifications of its record until then.
/// </summary>
/// <remarks>Not positional, so that a later version can add a property without breaking code built against this one.</remarks>
public sealed record DeadLetter
{
    /// <summary>The most characters of an error a store keeps.</summary>
    public const int MaxErrorLength = 1000;

    /// <summary>Creates a dead letter.</summary>
    /// <param name="notification">The notification, its <see cref="UpgradeNotification.Attempt"/> the last attempt made.</param>
    /// <param name="lastError">What the last attempt reported (at most <see cref="MaxErrorLength"/> characters).</param>
    /// <param name="deadLetteredAt">When it was dead-lettered.</param>
    public DeadLetter(UpgradeNotification notification, string lastError, Instant deadLetteredAt)
    {
        Notification = notification;
        LastError = lastError;
        DeadLetteredAt = deadLetteredAt;
    }

    /// <summary>The notification, its <see cref="UpgradeNotification.Attempt"/> the last attempt made.</summary>
    public UpgradeNotification Notification { get; init; }

    /// <summary>What the last attempt reported (at most <see cref="MaxErrorLength"/> characters).</summary>
    public string LastError { get; init; }

    /// <summary>When it was dead-lettered.</summary>
    public Instant DeadLetteredAt { get; init; }

    /// <summary><paramref name="error"/> cut to <see cref="MaxErrorLength"/> characters.</summary>
    internal static string Bound(string error) => error.Length <= MaxErrorLength ? error : error[..(MaxErrorLength - 1)] + "…";
}
