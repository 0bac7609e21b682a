namespace Dataphin.UpgradeKit.Export.Age;

/// <summary>
/// The header parsed and the file key was unwrapped, but the header MAC does not verify: the header was altered.
/// </summary>
public sealed class AgeHeaderMacException : AgeException
{
    /// <summary>Creates the exception with a default message.</summary>
    public AgeHeaderMacException()
        : base("The age header MAC does not verify: the header was altered.")
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    /// <param name="message">What went wrong, for a person.</param>
    public AgeHeaderMacException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/> and the exception that caused it.</summary>
    /// <param name="message">What went wrong, for a person.</param>
    /// <param name="innerException">The cause.</param>
    public AgeHeaderMacException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
