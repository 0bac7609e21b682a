namespace Dataphin.UpgradeKit.Export.Age;

/// <summary>
/// The file is ASCII-armored (<c>age -a</c>) but its armor breaks a rule of the format: a wrong begin or end line, a
/// line of the wrong length, white space or a character outside base64 inside the armor, missing or non-canonical
/// padding, or anything but white space around it (age calls this "armor failure").
/// </summary>
public sealed class AgeArmorException : AgeException
{
    /// <summary>Creates the exception with a default message.</summary>
    public AgeArmorException()
        : base("The ASCII armor of the age file is malformed.")
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    /// <param name="message">What went wrong, for a person.</param>
    public AgeArmorException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/> and the exception that caused it.</summary>
    /// <param name="message">What went wrong, for a person.</param>
    /// <param name="innerException">The cause.</param>
    public AgeArmorException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
