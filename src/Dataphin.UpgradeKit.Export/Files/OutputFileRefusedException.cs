namespace Dataphin.UpgradeKit.Export.Files;

/// <summary>
/// The decryptor refused to write its output at a path: it writes only new or replaced regular files, never
/// through a symbolic link, onto a device, a directory or its own input. Nothing was written.
/// </summary>
public sealed class OutputFileRefusedException : UpgradeKitException
{
    /// <summary>Creates the exception for <paramref name="path"/> and <paramref name="reason"/>.</summary>
    /// <param name="path">The refused output path, as a full path.</param>
    /// <param name="reason">Why it was refused.</param>
    public OutputFileRefusedException(string path, OutputFileRefusal reason)
        : base(Describe(path, reason))
    {
        Path = path;
        Reason = reason;
    }

    /// <summary>The refused output path, as a full path.</summary>
    public string Path { get; }

    /// <summary>Why it was refused.</summary>
    public OutputFileRefusal Reason { get; }

    private static string Describe(string path, OutputFileRefusal reason) => reason switch
    {
        OutputFileRefusal.Exists => $"The output file '{path}' already exists.",
        OutputFileRefusal.SymbolicLink => $"The output path '{path}' is a symbolic link, which is never replaced.",
        OutputFileRefusal.Directory => $"The output path '{path}' is a directory.",
        OutputFileRefusal.NotARegularFile => $"The output path '{path}' is a device, pipe or socket, not a regular file.",
        OutputFileRefusal.SameAsInput => $"The output path '{path}' is the encrypted input itself.",
        OutputFileRefusal.DirectoryMissing => $"The directory of the output path '{path}' does not exist.",
        _ => $"The output path '{path}' was refused.",
    };
}
