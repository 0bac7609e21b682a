namespace Dataphin.UpgradeKit;

/// <summary>
/// The base of every error the SDK raises for a well-formed request it cannot carry out. Argument problems
/// (null, empty, unparsable) raise the standard <see cref="ArgumentException"/> family instead.
/// </summary>
public abstract class UpgradeKitException : Exception
{
    /// <summary>Creates the exception.</summary>
    protected UpgradeKitException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
