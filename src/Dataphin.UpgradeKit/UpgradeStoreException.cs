namespace Dataphin.UpgradeKit;

/// <summary>
/// A store could not carry out a read or write (database closed or unreachable, connection dropped, schema
/// of the wrong version). Nothing was half-written: a change is stored whole or not at all.
/// </summary>
public class UpgradeStoreException : UpgradeKitException
{
    /// <summary>Creates the exception.</summary>
    public UpgradeStoreException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
