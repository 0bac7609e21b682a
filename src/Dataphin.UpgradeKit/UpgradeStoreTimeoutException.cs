namespace Dataphin.UpgradeKit;

/// <summary>
/// A write waited longer than the store allows for the database's write lock: another writer (another process, a
/// <c>sqlite3</c> shell, a backup) held it. Nothing was written (<see cref="UpgradeStoreException.OutcomeKnown"/> is
/// true); the call may be made again once the other writer is done.
/// </summary>
public sealed class UpgradeStoreTimeoutException : UpgradeStoreException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What waited, where, and what to do.</param>
    /// <param name="waited">How long the write waited before giving up.</param>
    /// <param name="innerException">The driver's error, if the wait ended inside the database.</param>
    public UpgradeStoreTimeoutException(string message, TimeSpan waited, Exception? innerException = null)
        : base(message, innerException, outcomeKnown: true)
    {
        Waited = waited;
    }

    /// <summary>How long the write waited before giving up.</summary>
    public TimeSpan Waited { get; }
}
