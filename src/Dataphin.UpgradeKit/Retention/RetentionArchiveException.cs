namespace Dataphin.UpgradeKit.Retention;

/// <summary>A retention archive cannot be read back: a file is missing, or its bytes do not match the SHA-256 in the manifest.</summary>
public sealed class RetentionArchiveException : UpgradeKitException
{
    /// <summary>Creates the exception.</summary>
    public RetentionArchiveException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
