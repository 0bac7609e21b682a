namespace Dataphin.UpgradeKit;

/// <summary>
/// A watch was to resume after a position whose following changes are no longer in the store's change feed: a host
/// trimmed the feed past it, so resuming would miss changes without saying so. Nothing was read. Start a new
/// watch without a position instead: a watch of one record then begins with a snapshot of it, and a list is loaded again
/// before watching from the feed's last position.
/// </summary>
public sealed class WatchPositionTrimmedException : UpgradeKitException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="afterPosition">The position the watch was to resume after.</param>
    /// <param name="oldestPosition">The oldest position the feed still holds.</param>
    public WatchPositionTrimmedException(long afterPosition, long oldestPosition)
        : base($"The change feed no longer holds the changes after position {afterPosition} (the oldest it holds is {oldestPosition}): start a new watch without a position and load the current state again.")
    {
        AfterPosition = afterPosition;
        OldestPosition = oldestPosition;
    }

    /// <summary>The position the watch was to resume after.</summary>
    public long AfterPosition { get; }

    /// <summary>The oldest position the feed still holds.</summary>
    public long OldestPosition { get; }
}
