using System.Diagnostics;
using Dataphin.UpgradeKit.Testing.HostTools;
using Xunit;

namespace Dataphin.UpgradeKit.Sqlite.Tests;

/// <summary>A small tmpfs mounted on a temporary directory (needs root), unmounted and removed when disposed.</summary>
public sealed class SmallVolume : IDisposable
{
    public SmallVolume(int sizeKib)
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("upgradekit-tmpfs-").FullName;
        Run("mount", "-t", "tmpfs", "-o", $"size={sizeKib}k,mode=0700", "tmpfs", Directory);
    }

    public string Directory { get; }

    public string PathOf(string fileName) => Path.Combine(Directory, fileName);

    /// <summary>Fills the volume with one file until it is full; returns its path.</summary>
    public string Fill()
    {
        var filler = PathOf("filler");
        using var stream = new FileStream(filler, FileMode.Create, FileAccess.Write);
        var block = new byte[4096];
        try
        {
            while (true)
            {
                stream.Write(block);
                stream.Flush();
            }
        }
        catch (IOException)
        {
            // ENOSPC: the volume is full.
        }

        return filler;
    }

    public void RemountReadOnly(bool readOnly) => Run("mount", "-o", readOnly ? "remount,ro" : "remount,rw", Directory);

    public void Dispose()
    {
        // The tests dispose their stores first, which clears their own pools; never every pool (other tests run in parallel).
        Run("umount", "-l", Directory);
        System.IO.Directory.Delete(Directory, recursive: true);
    }

    private static void Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} failed: {error}");
        }
    }
}

/// <summary>A fact that needs root (it mounts a small tmpfs): skipped with how to run it otherwise, never under CI=true.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RequiresRootFactAttribute : FactAttribute
{
    public RequiresRootFactAttribute()
    {
        if (!OperatingSystem.IsLinux() || (Environment.UserName != "root" && !HostTool.IsCi))
        {
            Skip = "This test mounts a small tmpfs, which needs root on Linux: run it as root (sudo -E dotnet test --filter R_STORE_4), as .ci/run does. Under CI=true it never skips.";
        }
    }
}
