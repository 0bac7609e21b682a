namespace Dataphin.UpgradeKit;

/// <summary>
/// A store could not carry out a read or write (database closed or unreachable, file gone, disk full, connection
/// dropped, schema of the wrong version). A change is stored whole or not at all; <see cref="OutcomeKnown"/> says
/// whether the store knows which.
/// </summary>
/// <remarks>
/// When <see cref="OutcomeKnown"/> is true nothing was written: the call may simply be made again. When it is false
/// the failure struck while the database was committing (a connection lost during <c>COMMIT</c>), so the change may or
/// may not have been stored: retry a creation with the same idempotency key
/// (<c>NewUpgradeRequest.IdempotencyKey</c>), which returns the record if it was created, and an
/// operator action with the expected version it was first made with, which fails with
/// <see cref="ConcurrencyConflictException"/> if the first attempt was stored (read the record to see it).
/// </remarks>
public class UpgradeStoreException : UpgradeKitException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed, where, and what to do.</param>
    /// <param name="innerException">The driver's error, if any.</param>
    /// <param name="outcomeKnown">True (the default) when nothing was written; false when the change may have been stored.</param>
    public UpgradeStoreException(string message, Exception? innerException = null, bool outcomeKnown = true)
        : base(message, innerException)
    {
        OutcomeKnown = outcomeKnown;
    }

    /// <summary>
    /// True when the store knows that nothing was written (the failure came before the commit, or the database
    /// refused the commit); false when the connection was lost while committing, so the change may have been stored.
    /// </summary>
    public bool OutcomeKnown { get; }
}
