namespace Dataphin.UpgradeKit.Export.Age;

/// <summary>
/// The input is not an age file at all: it does not begin with the age version line. Derives from
/// <see cref="AgeHeaderException"/> because a foreign file is the extreme case of an unreadable header.
/// </summary>
public sealed class AgeForeignFileException : AgeHeaderException
{
    /// <summary>Creates the exception with a default message.</summary>
    public AgeForeignFileException()
        : base("The file is not an age-encrypted file.")
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    /// <param name="message">What went wrong, for a person.</param>
    public AgeForeignFileException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/> and the exception that caused it.</summary>
    /// <param name="message">What went wrong, for a person.</param>
    /// <param name="innerException">The cause.</param>
    public AgeForeignFileException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
