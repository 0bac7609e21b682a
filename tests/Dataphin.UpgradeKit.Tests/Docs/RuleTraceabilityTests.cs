using System.Text.RegularExpressions;
using Dataphin.UpgradeKit.Tests.Support;
using Xunit;

namespace Dataphin.UpgradeKit.Tests.Docs;

/// <summary>
/// Traceability (issue 23 item 7): every rule of docs/rules.md is named by at least one test, and test names spell rule
/// ids one way, <c>R_SEC_5</c>, so a search for a rule finds every test of it.
/// </summary>
public sealed partial class RuleTraceabilityTests
{
    // SPEC §11 (history, insights, reports, retention, estimates, governed actions, the timeline picture) is not built
    // yet: its rules are listed in docs/rules.md but no test can name them. Remove a family here when it is built.
    private static readonly HashSet<string> NotBuiltFamilies = [];

    // Single rules of a built family that are not built yet. Remove one when it is built.
    private static readonly HashSet<string> NotBuiltRules = [];

    [Fact]
    public void EveryRuleOfRulesMd_IsNamedByAtLeastOneTest()
    {
        var listed = ListedIds();
        var named = TestNames().SelectMany(t => NamedIds(t.Name)).ToHashSet(StringComparer.Ordinal);

        Assert.NotEmpty(listed);
        var unnamed = listed
            .Where(id => !named.Contains(id) && !NotBuiltFamilies.Contains(id.Split('-')[1]) && !NotBuiltRules.Contains(id))
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.True(unnamed.Count == 0, "rules of docs/rules.md that no test names (R_FAMILY_N in a test method's name): " + string.Join(", ", unnamed));
    }

    [Fact]
    public void NotBuiltFamilies_AreStillListedAndStillUnnamed()
    {
        // The allow-list must not outlive its reason: once a test names a rule of a family, the family is built.
        var listedFamilies = ListedIds().Select(id => id.Split('-')[1]).ToHashSet(StringComparer.Ordinal);
        var namedFamilies = TestNames().SelectMany(t => NamedIds(t.Name)).Select(id => id.Split('-')[1]).ToHashSet(StringComparer.Ordinal);

        Assert.All(NotBuiltFamilies, family =>
        {
            Assert.Contains(family, listedFamilies);
            Assert.DoesNotContain(family, namedFamilies);
        });
    }

    [Fact]
    public void TestNames_SpellRuleIdsOneWay()
    {
        var wrong = TestNames()
            .Where(t => OtherSpelling().IsMatch(t.Name))
            .Select(t => $"{t.Name} ({t.File})")
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.True(wrong.Count == 0, "test names with a rule id spelled other than R_FAMILY_N (RSEC5, or a family without its number): " + string.Join(", ", wrong));
    }

    [Fact]
    public void TestSources_CarryNoRuleTraits()
    {
        // A rule in a [Trait] is invisible to a search of test names and to the check above.
        var withTraits = TestSources()
            .Where(f => File.ReadAllText(f).Contains("[Trait(\"Rule\"", StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(RepositoryFiles.Root, f))
            .ToList();

        Assert.Empty(withTraits);
    }

    [Theory]
    [InlineData("Stop_Json_R_SEC_5_Is415", true)]
    [InlineData("Stop_Json_RSEC5_Is415", false)]
    [InlineData("ViewLog_Succeeded_R_LOG", false)]
    [InlineData("ViewLog_Succeeded_R_LOG_1", true)]
    [InlineData("Parse_RoundTrips", true)]
    [InlineData("Dispatcher_Redelivers_R_DLV_2_R_DLV_5", true)]
    public void Scanner_TellsTheOneSpellingFromTheOthers(string name, bool wellSpelled)
    {
        Assert.Equal(wellSpelled, !OtherSpelling().IsMatch(name));
    }

    [Fact]
    public void Scanner_ReadsEveryIdOfAName()
    {
        Assert.Equal(["R-DLV-2", "R-DLV-5"], NamedIds("Dispatcher_Redelivers_R_DLV_2_R_DLV_5").ToArray());
        Assert.Equal(["R-TIME-11"], NamedIds("Append_IsAtomic_R_TIME_11").ToArray());
        Assert.Empty(NamedIds("ViewLog_Succeeded_R_LOG"));
    }

    [Theory]
    [InlineData(null, null, false)]
    [InlineData("0", "true", false)]
    [InlineData("1", null, true)]
    [InlineData("1", "false", true)]
    public void SnapshotRewrite_OutsideCi_IsWhatTheDeveloperAsked(string? update, string? ci, bool rewrite)
    {
        Assert.Equal(rewrite, RepositoryFiles.MayRewrite(update, ci, "UPGRADEKIT_UPDATE_DOCS"));
    }

    [Theory]
    [InlineData("true")]
    [InlineData("TRUE")]
    [InlineData("1")]
    public void SnapshotRewrite_UnderCi_IsRefused(string ci)
    {
        // A build server must compare, never rewrite: a snapshot test that rewrote its expectation there would pass
        // whatever the code does.
        var error = Assert.Throws<InvalidOperationException>(() => RepositoryFiles.MayRewrite("1", ci, "UPGRADEKIT_UPDATE_SAMPLES"));
        Assert.Contains("UPGRADEKIT_UPDATE_SAMPLES", error.Message, StringComparison.Ordinal);
    }

    private static HashSet<string> ListedIds() =>
        File.ReadAllLines(RepositoryFiles.PathOf("docs/rules.md"))
            .Select(l => ListedLine().Match(l))
            .Where(m => m.Success)
            .Select(m => m.Groups["id"].Value)
            .ToHashSet(StringComparer.Ordinal);

    private static IEnumerable<string> TestSources()
    {
        foreach (var folder in new[] { "tests", "samples" })
        {
            foreach (var file in Directory.EnumerateFiles(RepositoryFiles.PathOf(folder), "*.cs", SearchOption.AllDirectories))
            {
                var relative = Path.GetRelativePath(RepositoryFiles.Root, file).Replace('\\', '/');
                if (!relative.Contains("/bin/", StringComparison.Ordinal) && !relative.Contains("/obj/", StringComparison.Ordinal)
                    && (folder == "tests" || relative.Contains("Tests", StringComparison.Ordinal))
                    && !relative.EndsWith("RuleTraceabilityTests.cs", StringComparison.Ordinal))
                {
                    yield return file;
                }
            }
        }

        // The contract suites a store author runs are tests too, shipped in the Testing package.
        foreach (var file in Directory.EnumerateFiles(RepositoryFiles.PathOf("src/Dataphin.UpgradeKit.Testing"), "*.cs", SearchOption.AllDirectories))
        {
            yield return file;
        }
    }

    private static IEnumerable<(string Name, string File)> TestNames() =>
        TestSources().SelectMany(file => TestMethod().Matches(File.ReadAllText(file))
            .Select(m => (m.Groups["name"].Value, Path.GetRelativePath(RepositoryFiles.Root, file))));

    private static IEnumerable<string> NamedIds(string name) =>
        NamedId().Matches(name).Select(m => $"R-{m.Groups["family"].Value}-{m.Groups["number"].Value}").Distinct(StringComparer.Ordinal);

    // A test method: an attribute line ([Fact], [Theory], [Property], [StoreFact], ...) then its declaration.
    [GeneratedRegex(@"^\s*\[[A-Za-z]*(Fact|Theory|Property)[A-Za-z]*\b[^\n]*\n(?:\s*\[[^\n]*\n)*\s*public\s+(?:static\s+)?(?:async\s+)?[\w<>\[\]?.]+\s+(?<name>\w+)\s*\(", RegexOptions.Multiline)]
    private static partial Regex TestMethod();

    [GeneratedRegex(@"(?<![A-Za-z0-9])R_(?<family>[A-Z]{2,6})_(?<number>[0-9]{1,2})(?![0-9])")]
    private static partial Regex NamedId();

    // RSEC5 (glued), or a family with no number after it (R_LOG at the end or before a word).
    [GeneratedRegex(@"(?<![A-Za-z0-9])R(?:SEC|SM|ACT|TIME|LOG|LIST|CFG|HOST|DISP|DLV|LIVE|RULE|STORE|REC)[0-9]|(?<![A-Za-z0-9])R_[A-Z]{2,6}(?:_(?![0-9])|$)")]
    private static partial Regex OtherSpelling();

    [GeneratedRegex(@"^- \*\*(?<id>R-[A-Z]{2,6}-[0-9]{1,2})\*\*: \S")]
    private static partial Regex ListedLine();
}
