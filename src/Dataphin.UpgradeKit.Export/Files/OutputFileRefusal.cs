namespace Dataphin.UpgradeKit.Export.Files;

/// <summary>Why <see cref="ConfigurationDecryptor.DecryptToFile(Stream, string, ReadOnlySpan{char}, bool, CancellationToken)"/> refused its output path.</summary>
public enum OutputFileRefusal
{
    /// <summary>A file exists there and replacing it was not allowed.</summary>
    Exists = 1,

    /// <summary>The path is a symbolic link; it is never replaced or written through, even when overwriting is allowed.</summary>
    SymbolicLink = 2,

    /// <summary>The path is a directory.</summary>
    Directory = 3,

    /// <summary>The path is a device, a pipe or a socket: only regular files are written.</summary>
    NotARegularFile = 4,

    /// <summary>The path is the encrypted input itself.</summary>
    SameAsInput = 5,

    /// <summary>The directory that should hold the output does not exist.</summary>
    DirectoryMissing = 6,
}
