using System.Security.Cryptography;
using Dataphin.UpgradeKit.Internal;
using Microsoft.Win32.SafeHandles;

namespace Dataphin.UpgradeKit.Export.Files;

/// <summary>
/// Where a decryption writes before it is known to be complete (R-SEC-2, R-CFG-4). On Linux an unnamed file
/// (<c>O_TMPFILE</c>) in the output's directory: it has no name until <see cref="Commit"/> links it, so however the
/// process ends (SIGKILL and power loss included) no partial plaintext is left under any name. Elsewhere, or where
/// the file system has no <c>O_TMPFILE</c>, a hidden owner-only file <c>.&lt;name&gt;.&lt;random&gt;.partial</c>
/// next to the output, deleted on every failure and cancellation; only a process killed outright can leave it.
/// </summary>
internal sealed class PlaintextFile : IDisposable
{
    private readonly string _target;
    private readonly bool _overwrite;
    private readonly string? _input;
    private readonly SafeFileHandle? _unnamed;
    private readonly string? _named;
    private bool _committed;

    private PlaintextFile(string target, bool overwrite, string? input, FileStream stream, SafeFileHandle? unnamed, string? named)
    {
        _target = target;
        _overwrite = overwrite;
        _input = input;
        Stream = stream;
        _unnamed = unnamed;
        _named = named;
    }

    /// <summary>The plaintext goes here.</summary>
    public FileStream Stream { get; }

    /// <summary>Whether the plaintext is held by an unnamed file (nothing can be left behind).</summary>
    public bool IsUnnamed => _unnamed is not null;

    /// <summary>The hidden file's name when no unnamed file could be used.</summary>
    public string? TemporaryPath => _named;

    /// <exception cref="OutputFileRefusedException">The target is refused (R-SEC-4).</exception>
    public static PlaintextFile Create(string target, bool overwrite, string? input)
    {
        OutputPath.Check(target, overwrite, input);
        var directory = Path.GetDirectoryName(target)!;
        if (UseUnnamedFiles && LinuxFiles.OpenUnnamed(directory) is { } handle)
        {
            return new PlaintextFile(target, overwrite, input, new FileStream(handle, FileAccess.Write, bufferSize: 0), handle, null);
        }

        var named = HiddenName(target, "partial");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None, BufferSize = 0 };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        var stream = new FileStream(named, options);
        PartialFiles.Track(named);
        return new PlaintextFile(target, overwrite, input, stream, null, named);
    }

    /// <summary>
    /// Whether the unnamed (<c>O_TMPFILE</c>) file is used where the system has it; the environment variable
    /// <c>UPGRADEKIT_UNNAMED_TEMP_FILES=0</c> turns it off for a file system where it misbehaves.
    /// </summary>
    private static bool UseUnnamedFiles =>
        LinuxFiles.CanUseUnnamedFiles && Environment.GetEnvironmentVariable("UPGRADEKIT_UNNAMED_TEMP_FILES") != "0";

    /// <summary>Names the complete plaintext as the target, after checking the target again (it may have changed meanwhile).</summary>
    /// <exception cref="OutputFileRefusedException">The target became something that must not be replaced.</exception>
    public void Commit()
    {
        Stream.Flush(flushToDisk: false);
        var replace = OutputPath.Check(_target, _overwrite, _input);
        if (_unnamed is not null)
        {
            if (!replace)
            {
                // linkat fails rather than replace whatever appeared at the target since the check.
                if (!LinuxFiles.TryLink(_unnamed, _target))
                {
                    throw new OutputFileRefusedException(_target, OutputFileRefusal.Exists);
                }
            }
            else
            {
                // Replacing: name it next to the target, then rename over it (atomic; a link there is replaced, never followed).
                var linked = HiddenName(_target, "new");
                if (!LinuxFiles.TryLink(_unnamed, linked))
                {
                    throw new IOException($"Cannot create a file next to '{_target}'.");
                }

                try
                {
                    File.Move(linked, _target, overwrite: true);
                }
                catch
                {
                    File.Delete(linked);
                    throw;
                }
            }
        }
        else
        {
            Stream.Dispose();
            PartialFiles.Commit(_named!, () => File.Move(_named!, _target, overwrite: replace));
        }

        _committed = true;
    }

    /// <summary>Closes the file; without <see cref="Commit"/>, removes every trace of it.</summary>
    public void Dispose()
    {
        Stream.Dispose();
        if (!_committed && _named is not null)
        {
            PartialFiles.Delete(_named);
        }
    }

    private static string HiddenName(string target, string suffix) =>
        Path.Combine(Path.GetDirectoryName(target)!, $".{Path.GetFileName(target)}.{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6))}.{suffix}");
}
