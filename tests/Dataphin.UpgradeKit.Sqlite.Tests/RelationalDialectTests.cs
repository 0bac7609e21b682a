using System.Reflection;
using System.Text.RegularExpressions;
using Dataphin.UpgradeKit.Relational;
using Xunit;

namespace Dataphin.UpgradeKit.Sqlite.Tests;

/// <summary>The dialect seam of the relational store core is what docs/storage.md tells a third dialect to implement.</summary>
public sealed partial class RelationalDialectTests
{
    [Fact]
    public void AbstractMembers_AreExactlyTheListInDocsStorage()
    {
        var members = typeof(RelationalDialect)
            .GetMembers(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Where(m => m switch
            {
                MethodInfo method => method.IsAbstract && !method.IsSpecialName,
                PropertyInfo property => property.GetMethod?.IsAbstract == true,
                _ => false,
            })
            .Select(m => m.Name)
            .Order(StringComparer.Ordinal);

        Assert.Equal(members, DocumentedMembers().Order(StringComparer.Ordinal));
    }

    [Fact]
    public void VirtualMembers_AreTheOnesDocsStorageSaysHaveADefault()
    {
        var virtuals = typeof(RelationalDialect)
            .GetMembers(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Where(m => m switch
            {
                MethodInfo method => method.IsVirtual && !method.IsAbstract && !method.IsSpecialName,
                PropertyInfo property => property.GetMethod is { IsVirtual: true, IsAbstract: false },
                _ => false,
            })
            .Select(m => m.Name)
            .Order(StringComparer.Ordinal);

        Assert.Equal(["Advice", "AfterCommitAsync", "CheckBeforeWriteAsync", "ClaimLockClause", "CommitOutcomeKnown", "EnterWriterQueueAsync",
            "Failed", "HasPercentileAggregates", "InsertChangeStatement", "InsertEventsAsync", "IsLockTimeout", "KeepsInsightsRecoveries", "ListConfigurationJoin", "ListSortSettings", "ListWalk", "PrepareReadAsync", "SchemaAssembly",
            "WritersAreSerialized"], virtuals);
        Assert.Contains("Five virtual members have a portable default: `ClaimLockClause`", Section(), StringComparison.Ordinal);
        foreach (var member in virtuals)
        {
            Assert.Contains($"`{member}`", Section(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void BothAdapters_DeriveTheOneDialectType()
    {
        Assert.True(typeof(SqliteDialect).IsSubclassOf(typeof(RelationalDialect)));
        Assert.Contains(typeof(RelationalDialect).Assembly.GetTypes(), t => t.Name == "RelationalUpgradeStore");
    }

    private static IEnumerable<string> DocumentedMembers() =>
        MemberRow().Matches(Section()).Select(m => m.Groups[1].Value);

    private static string Section()
    {
        var text = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "storage.md"));
        var start = text.IndexOf("### Adding a third relational dialect", StringComparison.Ordinal);
        Assert.True(start >= 0, "docs/storage.md has the section on adding a dialect");
        var end = text.IndexOf("\n## ", start, StringComparison.Ordinal); // the section ends where the next chapter starts
        return end < 0 ? text[start..] : text[start..end];
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Dataphin.UpgradeKit.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("repository root not found");
    }

    [GeneratedRegex(@"^\s*\| `(\w+)` \|", RegexOptions.Multiline)]
    private static partial Regex MemberRow();
}
