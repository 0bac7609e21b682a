using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Dataphin.UpgradeKit.Internal;

/// <summary>
/// The few Linux system calls .NET does not expose: <c>open(O_TMPFILE)</c> for a file with no name until it is
/// linked, <c>linkat</c> to name it, and <c>statx</c> for a path's type and identity without following a link.
/// </summary>
internal static partial class LinuxFiles
{
    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const int AtSymlinkFollow = 0x400;
    private const int OWriteOnly = 0x1;
    private const int OCloseOnExec = 0x80000;
    private const uint StatxType = 0x1;
    private const uint StatxIno = 0x100;
    private const int ENoEnt = 2;
    private const int EExist = 17;
    private const int EPermission = 1;
    private const int EAccess = 13;

    /// <summary><c>O_TMPFILE</c> is <c>__O_TMPFILE | O_DIRECTORY</c>, and <c>O_DIRECTORY</c> differs between architectures.</summary>
    private static int? TmpFileFlag => RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.X64 or Architecture.X86 => 0x400000 | 0x10000,
        Architecture.Arm64 or Architecture.Arm => 0x400000 | 0x4000,
        _ => null,
    };

    /// <summary>Whether unnamed temporary files can be used: Linux, a known architecture, and <c>/proc/self/fd</c> to link them.</summary>
    public static bool CanUseUnnamedFiles => OperatingSystem.IsLinux() && TmpFileFlag is not null && Directory.Exists("/proc/self/fd");

    /// <summary>Opens an unnamed, owner-only file in <paramref name="directory"/>; null when the file system does not support it.</summary>
    public static SafeFileHandle? OpenUnnamed(string directory)
    {
        var fd = Open(directory, TmpFileFlag!.Value | OWriteOnly | OCloseOnExec, 0b110_000_000);
        if (fd >= 0)
        {
            return new SafeFileHandle(fd, ownsHandle: true);
        }

        var errno = Marshal.GetLastPInvokeError();
        return errno switch
        {
            // EOPNOTSUPP, EISDIR or EINVAL: the file system or kernel has no O_TMPFILE; the caller falls back to a named file.
            95 or 21 or 22 => null,
            EAccess or EPermission => throw new UnauthorizedAccessException($"Cannot create a file in '{directory}': {Marshal.GetPInvokeErrorMessage(errno)}."),
            _ => throw new IOException($"Cannot create a file in '{directory}': {Marshal.GetPInvokeErrorMessage(errno)}.", errno),
        };
    }

    /// <summary>Gives the unnamed file behind <paramref name="handle"/> the name <paramref name="path"/>; false when the name exists.</summary>
    public static bool TryLink(SafeFileHandle handle, string path)
    {
        var source = "/proc/self/fd/" + handle.DangerousGetHandle().ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (LinkAt(AtFdCwd, source, AtFdCwd, path, AtSymlinkFollow) == 0)
        {
            return true;
        }

        var errno = Marshal.GetLastPInvokeError();
        return errno switch
        {
            EExist => false,
            EAccess or EPermission => throw new UnauthorizedAccessException($"Cannot create '{path}': {Marshal.GetPInvokeErrorMessage(errno)}."),
            _ => throw new IOException($"Cannot create '{path}': {Marshal.GetPInvokeErrorMessage(errno)}.", errno),
        };
    }

    /// <summary>The type bits (<c>S_IFMT</c>) and identity of <paramref name="path"/> itself (a link is not followed); null when nothing is there.</summary>
    public static (int Type, ulong Device, ulong Inode)? Stat(string path, bool followLinks)
    {
        if (StatX(AtFdCwd, path, followLinks ? 0 : AtSymlinkNoFollow, StatxType | StatxIno, out var buffer) == 0)
        {
            return (buffer.Mode & 0xF000, ((ulong)buffer.DeviceMajor << 32) | buffer.DeviceMinor, buffer.Inode);
        }

        var errno = Marshal.GetLastPInvokeError();
        return errno == ENoEnt ? null : throw new IOException($"Cannot inspect '{path}': {Marshal.GetPInvokeErrorMessage(errno)}.", errno);
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags, uint mode);

    [LibraryImport("libc", EntryPoint = "linkat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int LinkAt(int oldDirectory, string oldPath, int newDirectory, string newPath, int flags);

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int StatX(int directory, string path, int flags, uint mask, out StatxBuffer buffer);

    /// <summary><c>struct statx</c> (256 bytes, the same layout on every Linux architecture); only the fields read are named.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 256)]
    private struct StatxBuffer
    {
        [FieldOffset(28)]
        public ushort Mode;

        [FieldOffset(32)]
        public ulong Inode;

        [FieldOffset(136)]
        public uint DeviceMajor;

        [FieldOffset(140)]
        public uint DeviceMinor;
    }
}
