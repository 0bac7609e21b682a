namespace Dataphin.UpgradeKit.Export.Age;

/// <summary>
/// The header is well formed but no recipient stanza could be unwrapped with the given password: the password is
/// wrong, or the file is not passphrase-encrypted (age calls this "no match").
/// </summary>
public sealed class AgeWrongPasswordException : AgeException
{
    /// <summary>Creates the exception with a default message.</summary>
    public AgeWrongPasswordException()
        : base("The password is wrong: no recipient stanza of the file could be unwrapped with it.")
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    /// <param name="message">What went wrong, for a person.</param>
    public AgeWrongPasswordException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/> and the exception that caused it.</summary>
    /// <param name="message">What went wrong, for a person.</param>
    /// <param name="innerException">The cause.</param>
    public AgeWrongPasswordException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
