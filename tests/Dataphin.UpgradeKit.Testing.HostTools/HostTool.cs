namespace Dataphin.UpgradeKit.Testing.HostTools;

/// <summary>
/// Finds host programs (age, chromium, PostgreSQL server binaries) that some tests drive, and
/// decides whether a test that needs a missing one may skip: never under <c>CI=true</c>.
/// </summary>
public static class HostTool
{
    /// <summary>True when the environment variable <c>CI</c> is <c>true</c> (any case).</summary>
    public static bool IsCi =>
        string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Returns the full path of <paramref name="program"/> on PATH or in <paramref name="extraDirectories"/>, or null.</summary>
    public static string? Find(string program, params string[] extraDirectories)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        foreach (var dir in extraDirectories.Concat(path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)))
        {
            var candidate = Path.Combine(dir, program);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>
    /// The skip reason for a test needing <paramref name="program"/>, or null when it is present.
    /// Under CI the test is never skipped: it runs and fails loudly if the tool is missing.
    /// </summary>
    public static string? SkipReasonIfMissing(string program, string howToInstall, params string[] extraDirectories)
    {
        if (Find(program, extraDirectories) is not null || IsCi)
        {
            return null;
        }

        return $"'{program}' is not installed on this machine; install it to run this test ({howToInstall}). Under CI=true this test never skips.";
    }
}
