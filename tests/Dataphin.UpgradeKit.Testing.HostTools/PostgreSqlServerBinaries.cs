using System.Diagnostics;

namespace Dataphin.UpgradeKit.Testing.HostTools;

/// <summary>
/// Finds the PostgreSQL server programs (<c>initdb</c>, <c>pg_ctl</c>) that the PostgreSQL tests and benchmarks start a
/// throw-away cluster with: <c>pg_config --bindir</c> first, then Debian's <c>/usr/lib/postgresql/&lt;major&gt;/bin</c>.
/// </summary>
public static class PostgreSqlServerBinaries
{
    /// <summary>How to get the binaries on Debian or Ubuntu.</summary>
    public const string HowToInstall = "apt-get install postgresql";

    private static readonly Lazy<string?> BinDirectory = new(Locate);

    /// <summary>The directory holding <c>initdb</c> and <c>pg_ctl</c>, or null when there is none.</summary>
    public static string? Find() => BinDirectory.Value;

    /// <summary>Why PostgreSQL tests cannot run here, with how to enable them; null when they can, and always null under CI.</summary>
    public static string? SkipReason => Find() is not null || HostTool.IsCi
        ? null
        : $"The PostgreSQL server binaries (initdb, pg_ctl) are not installed; install them to run the PostgreSQL store tests ({HowToInstall}). Under CI=true these tests never skip.";

    private static string? Locate()
    {
        if (HostTool.Find("pg_config") is { } pgConfig && BinDirOf(pgConfig) is { } fromConfig && HasServer(fromConfig))
        {
            return fromConfig;
        }

        const string Debian = "/usr/lib/postgresql";
        if (!Directory.Exists(Debian))
        {
            return null;
        }

        return Directory.GetDirectories(Debian)
            .Select(d => (Major: int.TryParse(Path.GetFileName(d), out var major) ? major : 0, Bin: Path.Combine(d, "bin")))
            .Where(c => HasServer(c.Bin))
            .OrderByDescending(c => c.Major)
            .Select(c => c.Bin)
            .FirstOrDefault();
    }

    private static bool HasServer(string directory) =>
        File.Exists(Path.Combine(directory, "initdb")) && File.Exists(Path.Combine(directory, "pg_ctl"));

    private static string? BinDirOf(string pgConfig)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(pgConfig, "--bindir") { RedirectStandardOutput = true, UseShellExecute = false });
            if (process is null)
            {
                return null;
            }

            var output = process.StandardOutput.ReadToEnd().Trim();
            process.WaitForExit();
            return process.ExitCode == 0 && output.Length > 0 ? output : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
