using System.Text.RegularExpressions;
using Xunit;

namespace Dataphin.UpgradeKit.Packaging.Tests.Docs;

/// <summary>
/// docs/rules.md is the index of rule ids: every id the repository cites (in code, tests, docs, samples, benchmarks,
/// in either spelling <c>R-SM-5</c> or <c>R_SM_5</c>) has its line there, so a reader can always resolve one.
/// </summary>
public sealed partial class RulesDocTests
{
    private static readonly string[] Searched = ["src", "tests", "docs", "samples", "benchmarks", "eng"];
    private static readonly string[] Extensions = [".cs", ".md", ".js", ".html", ".css", ".py", ".sh", ".json", ".txt", ".sql", ".csproj", ".props"];

    [Fact]
    public void EveryCitedRuleId_HasItsLineInRulesMd()
    {
        var listed = ListedIds();
        var cited = CitedIds();

        Assert.NotEmpty(cited);
        var unresolved = cited.Where(c => !listed.Contains(c.Key))
            .Select(c => $"{c.Key} (cited in {c.Value})")
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.True(unresolved.Count == 0, "rule ids cited but not listed in docs/rules.md: " + string.Join(", ", unresolved));
    }

    [Fact]
    public void RulesMd_ListsEachIdOnce_AndOnlyWellFormedIds()
    {
        var lines = File.ReadAllLines(Path.Combine(Repository.Root, "docs", "rules.md"))
            .Select(l => ListedLine().Match(l))
            .Where(m => m.Success)
            .Select(m => m.Groups["id"].Value)
            .ToList();

        Assert.NotEmpty(lines);
        Assert.Equal(lines.Count, lines.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void CitedIdScanner_ReadsBothSpellings()
    {
        // The scanner itself: a test name spelled with underscores and prose with hyphens give the same id, and a
        // rule family without a number (R-LOG) is not taken for an id.
        Assert.Equal(["R-SEC-5", "R-TIME-11"], Ids("Post_NoJson_Answers415_R_SEC_5 and R-TIME-11; R-LOG").ToArray());
    }

    private static HashSet<string> ListedIds() =>
        File.ReadAllLines(Path.Combine(Repository.Root, "docs", "rules.md"))
            .Select(l => ListedLine().Match(l))
            .Where(m => m.Success)
            .Select(m => m.Groups["id"].Value)
            .ToHashSet(StringComparer.Ordinal);

    private static Dictionary<string, string> CitedIds()
    {
        var cited = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var folder in Searched)
        {
            var root = Path.Combine(Repository.Root, folder);
            if (!Directory.Exists(root))
            {
                continue;
            }

            foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
            {
                var relative = Path.GetRelativePath(Repository.Root, file).Replace('\\', '/');
                if (relative.Contains("/bin/", StringComparison.Ordinal) || relative.Contains("/obj/", StringComparison.Ordinal)
                    || relative.Contains("node_modules", StringComparison.Ordinal) || !Extensions.Contains(Path.GetExtension(file)))
                {
                    continue;
                }

                foreach (var id in Ids(File.ReadAllText(file)))
                {
                    cited.TryAdd(id, relative);
                }
            }
        }

        foreach (var file in new[] { "README.md", "CHANGELOG.md" })
        {
            foreach (var id in Ids(File.ReadAllText(Path.Combine(Repository.Root, file))))
            {
                cited.TryAdd(id, file);
            }
        }

        return cited;
    }

    private static IEnumerable<string> Ids(string text) =>
        CitedId().Matches(text).Select(m => $"R-{m.Groups["family"].Value}-{m.Groups["number"].Value}").Distinct(StringComparer.Ordinal);

    // An id is R, a family of capitals and a number, joined by hyphens or underscores (test names use underscores).
    [GeneratedRegex(@"(?<![A-Za-z0-9])R[-_](?<family>[A-Z]{2,6})[-_](?<number>[0-9]{1,2})(?![0-9])")]
    private static partial Regex CitedId();

    [GeneratedRegex(@"^- \*\*(?<id>R-[A-Z]{2,6}-[0-9]{1,2})\*\*: \S")]
    private static partial Regex ListedLine();
}
