namespace Dataphin.UpgradeKit.Export.Age;

/// <summary>
/// The header could not be parsed or breaks a rule of the age v1 format: malformed lines, non-canonical base64,
/// a scrypt work factor out of bounds, a scrypt stanza that is not alone, missing stanzas or a missing payload nonce.
/// </summary>
public class AgeHeaderException : AgeException
{
    /// <summary>Creates the exception with a default message.</summary>
    public AgeHeaderException()
        : base("The age header is malformed.")
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    /// <param name="message">What went wrong, for a person.</param>
    public AgeHeaderException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/> and the exception that caused it.</summary>
    /// <param name="message">What went wrong, for a person.</param>
    /// <param name="innerException">The cause.</param>
    public AgeHeaderException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
