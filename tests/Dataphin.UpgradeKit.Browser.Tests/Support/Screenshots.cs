namespace Dataphin.UpgradeKit.Browser.Tests.Support;

/// <summary>
/// Where the tests save screenshots: always next to the test results; and into <c>docs/screenshots/</c> of the
/// repository when <c>UPGRADEKIT_UPDATE_SCREENSHOTS=1</c>, the documented step that refreshes the README's pictures.
/// </summary>
public static class Screenshots
{
    public static IEnumerable<string> PathsFor(string name)
    {
        yield return Path.Combine(Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "screenshots")).FullName, name);
        if (Environment.GetEnvironmentVariable("UPGRADEKIT_UPDATE_SCREENSHOTS") == "1" && RepositoryRoot() is { } root)
        {
            yield return Path.Combine(Directory.CreateDirectory(Path.Combine(root, "docs", "screenshots")).FullName, name);
        }
    }

    private static string? RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Dataphin.UpgradeKit.sln")))
            {
                return dir.FullName;
            }
        }

        return null;
    }
}
