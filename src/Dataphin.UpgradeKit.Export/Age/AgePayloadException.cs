namespace Dataphin.UpgradeKit.Export.Age;

/// <summary>
/// The encrypted payload failed: a chunk does not authenticate, the file is truncated, the final chunk is missing
/// or empty where it may not be, or data follows the final chunk.
/// </summary>
public sealed class AgePayloadException : AgeException
{
    /// <summary>Creates the exception with a default message.</summary>
    public AgePayloadException()
        : base("The age payload is damaged or truncated.")
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    /// <param name="message">What went wrong, for a person.</param>
    public AgePayloadException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/> and the exception that caused it.</summary>
    /// <param name="message">What went wrong, for a person.</param>
    /// <param name="innerException">The cause.</param>
    public AgePayloadException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
