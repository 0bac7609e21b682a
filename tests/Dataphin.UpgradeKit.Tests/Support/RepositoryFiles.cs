namespace Dataphin.UpgradeKit.Tests.Support;

/// <summary>Finds committed files (docs, samples) from the test's output folder.</summary>
internal static class RepositoryFiles
{
    public static string Root { get; } = FindRoot();

    public static string PathOf(string relative) => Path.Combine(Root, relative);

    /// <summary>True when the developer asked the doc tests to rewrite the committed files instead of comparing.</summary>
    public static bool UpdateRequested => RewriteRequested("UPGRADEKIT_UPDATE_DOCS");

    /// <summary>
    /// True when <paramref name="variable"/> is <c>1</c>: the developer asked a snapshot test to rewrite its committed
    /// expectation. Under <c>CI=true</c> the request is refused (an exception), so a build server never turns a
    /// difference into a silently rewritten file and a passing test.
    /// </summary>
    public static bool RewriteRequested(string variable) =>
        MayRewrite(Environment.GetEnvironmentVariable(variable), Environment.GetEnvironmentVariable("CI"), variable);

    internal static bool MayRewrite(string? update, string? ci, string variable)
    {
        if (!string.Equals(update, "1", StringComparison.Ordinal))
        {
            return false;
        }

        if (string.Equals(ci, "true", StringComparison.OrdinalIgnoreCase) || string.Equals(ci, "1", StringComparison.Ordinal))
        {
            throw new InvalidOperationException(
                $"{variable}=1 asks to rewrite committed expectations, which is refused under CI={ci}: run it locally and review the diff.");
        }

        return true;
    }

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
