namespace Dataphin.UpgradeKit.Export.Age;

/// <summary>
/// Base of every error raised while reading an age file. Catch this type to handle all of them;
/// the derived types say which check failed. Reading never releases unauthenticated plaintext. Derives from
/// <see cref="UpgradeKitException"/>, the one root of every error the SDK raises on purpose.
/// </summary>
public class AgeException : UpgradeKitException
{
    /// <summary>Creates the exception with a default message.</summary>
    public AgeException()
        : base("The age file could not be decrypted.")
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    /// <param name="message">What went wrong, for a person.</param>
    public AgeException(string message)
        : base(message, null)
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/> and the exception that caused it.</summary>
    /// <param name="message">What went wrong, for a person.</param>
    /// <param name="innerException">The cause.</param>
    public AgeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
