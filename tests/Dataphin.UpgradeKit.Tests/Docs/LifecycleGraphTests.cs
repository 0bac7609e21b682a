using Dataphin.UpgradeKit.Lifecycle;
using Dataphin.UpgradeKit.Tests.Support;
using Stateless.Graph;
using Xunit;

namespace Dataphin.UpgradeKit.Tests.Docs;

public class LifecycleGraphTests
{
    private const string Begin = "```mermaid";
    private const string End = "```";

    [Fact]
    public void LifecycleDoc_MermaidGraph_MatchesTheConfiguredStateMachine()
    {
        var rendered = MermaidGraph.Format(new LifecycleMachine(LifecycleRules.Default).GetInfo()).ReplaceLineEndings("\n").Trim();
        var path = RepositoryFiles.PathOf("docs/lifecycle.md");
        var doc = File.ReadAllText(path).ReplaceLineEndings("\n");
        var start = doc.IndexOf(Begin, StringComparison.Ordinal) + Begin.Length;
        var end = doc.IndexOf("\n" + End, start, StringComparison.Ordinal);
        var committed = doc[start..end].Trim();

        if (RepositoryFiles.UpdateRequested && committed != rendered)
        {
            File.WriteAllText(path, doc[..start] + "\n" + rendered + doc[end..]);
            return;
        }

        Assert.True(committed == rendered,
            "docs/lifecycle.md is out of date with the state machine. Run the tests with UPGRADEKIT_UPDATE_DOCS=1 to regenerate it.\n" + rendered);
    }
}
