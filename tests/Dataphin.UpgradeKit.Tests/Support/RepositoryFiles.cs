namespace Dataphin.UpgradeKit.Tests.Support;

/// <summary>Finds committed files (docs, samples) from the test's output folder.</summary>
internal static class RepositoryFiles
{
    public static string Root { get; } = FindRoot();

    public static string PathOf(string relative) => Path.Combine(Root, relative);

    /// <summary>True when the developer asked the doc tests to rewrite the committed files instead of comparing.</summary>
    public static bool UpdateRequested =>
        string.Equals(Environment.GetEnvironmentVariable("UPGRADEKIT_UPDATE_DOCS"), "1", StringComparison.Ordinal);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Dataphin.UpgradeKit.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (Dataphin.UpgradeKit.sln) is not above " + AppContext.BaseDirectory);
    }
}
