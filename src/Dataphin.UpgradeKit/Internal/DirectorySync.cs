using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Dataphin.UpgradeKit.Internal;

/// <summary>
/// Flushes a directory's entries to disk (<c>fsync</c> of the directory on Linux and macOS), so that a file renamed into
/// it survives a power loss: flushing the file makes its bytes durable, only flushing the directory makes its new name
/// durable. .NET has no call for it. Elsewhere (Windows) a rename is recorded by the file system's journal and this does
/// nothing.
/// </summary>
internal static partial class DirectorySync
{
    private const int EInvalid = 22;

    /// <summary>Flushes <paramref name="directory"/>'s entries to disk.</summary>
    /// <exception cref="IOException">The directory cannot be opened or flushed.</exception>
    public static void Flush(string directory)
    {
        int flags;
        if (OperatingSystem.IsLinux())
        {
            flags = 0x80000; // O_RDONLY | O_CLOEXEC
        }
        else if (OperatingSystem.IsMacOS() || OperatingSystem.IsFreeBSD())
        {
            flags = OperatingSystem.IsMacOS() ? 0x1000000 : 0x100000; // O_RDONLY | O_CLOEXEC
        }
        else
        {
            return;
        }

        var fd = Open(directory, flags, 0);
        if (fd < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw new IOException($"Cannot open the directory '{directory}' to flush it: {Marshal.GetPInvokeErrorMessage(errno)}.", errno);
        }

        using var handle = new SafeFileHandle(fd, ownsHandle: true);
        if (FSync(handle) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (errno != EInvalid) // a file system that cannot flush a directory (EINVAL) has nothing to flush
            {
                throw new IOException($"Cannot flush the directory '{directory}': {Marshal.GetPInvokeErrorMessage(errno)}.", errno);
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags, uint mode);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int FSync(SafeFileHandle fd);
}
