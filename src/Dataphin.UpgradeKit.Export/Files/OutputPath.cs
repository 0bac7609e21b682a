using Dataphin.UpgradeKit.Internal;

namespace Dataphin.UpgradeKit.Export.Files;

/// <summary>Decides whether a path may receive the plaintext (R-SEC-4): absent, or a regular file that may be replaced and is not the input.</summary>
internal static class OutputPath
{
    private const int RegularFile = 0x8000;
    private const int Directory = 0x4000;
    private const int SymbolicLink = 0xA000;

    /// <summary>Throws when <paramref name="fullPath"/> must not be written; returns whether a file is there (to be replaced).</summary>
    /// <exception cref="OutputFileRefusedException">The path is refused.</exception>
    public static bool Check(string fullPath, bool overwrite, string? inputPath)
    {
        var directory = Path.GetDirectoryName(fullPath);
        if (directory is null || !System.IO.Directory.Exists(directory))
        {
            throw new OutputFileRefusedException(fullPath, OutputFileRefusal.DirectoryMissing);
        }

        if (OperatingSystem.IsLinux())
        {
            return CheckLinux(fullPath, overwrite, inputPath);
        }

        var info = new FileInfo(fullPath);
        if (info.LinkTarget is not null)
        {
            throw new OutputFileRefusedException(fullPath, OutputFileRefusal.SymbolicLink);
        }

        if (System.IO.Directory.Exists(fullPath))
        {
            throw new OutputFileRefusedException(fullPath, OutputFileRefusal.Directory);
        }

        if (inputPath is not null && string.Equals(Path.GetFullPath(inputPath), fullPath, StringComparison.Ordinal))
        {
            throw new OutputFileRefusedException(fullPath, OutputFileRefusal.SameAsInput);
        }

        return info.Exists && (overwrite ? true : throw new OutputFileRefusedException(fullPath, OutputFileRefusal.Exists));
    }

    private static bool CheckLinux(string fullPath, bool overwrite, string? inputPath)
    {
        if (LinuxFiles.Stat(fullPath, followLinks: false) is not { } target)
        {
            return false;
        }

        var refusal = target.Type switch
        {
            SymbolicLink => OutputFileRefusal.SymbolicLink,
            Directory => OutputFileRefusal.Directory,
            RegularFile => (OutputFileRefusal?)null,
            _ => OutputFileRefusal.NotARegularFile,
        };
        if (refusal is null && inputPath is not null && LinuxFiles.Stat(inputPath, followLinks: true) is { } input
            && input.Device == target.Device && input.Inode == target.Inode)
        {
            refusal = OutputFileRefusal.SameAsInput;
        }

        refusal ??= overwrite ? null : OutputFileRefusal.Exists;
        return refusal is { } reason ? throw new OutputFileRefusedException(fullPath, reason) : true;
    }
}
