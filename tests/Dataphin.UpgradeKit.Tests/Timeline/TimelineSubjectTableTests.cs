using Dataphin.UpgradeKit.Timeline;
using Xunit;

namespace Dataphin.UpgradeKit.Tests.Timeline;

/// <summary>
/// The subjects table is keyed by node and name; the hash only says where to look. Equal hashes of different keys (a
/// collision, which names chosen by reporters could aim at) must still be different subjects.
/// </summary>
public class TimelineSubjectTableTests
{
    [Fact]
    public void GetOrAdd_KeysWithOneHash_AreDifferentSubjects_AndEachIsFoundAgain()
    {
        using var table = new TimelineSubjectTable(0);
        (TimelineNodeKind Node, string Name)[] keys =
        [
            (TimelineNodeKind.StopServices, "api"),
            (TimelineNodeKind.UpgradeServices, "api"), // the same name in another node
            (TimelineNodeKind.StopServices, "web"), // another name in the same node
            (TimelineNodeKind.DataUpdate, "api"),
        ];

        for (var i = 0; i < keys.Length; i++)
        {
            ref var added = ref table.GetOrAdd(keys[i].Node, keys[i].Name, 7);
            Assert.Null(added.Link); // new: nothing known of it yet
            added.Link = "/" + i;
        }

        for (var i = 0; i < keys.Length; i++)
        {
            Assert.Equal("/" + i, table.GetOrAdd(keys[i].Node, keys[i].Name, 7).Link);
        }

        Assert.Equal(keys, table.Entries.ToArray().Select(s => (s.Node, s.Name)));
    }

    [Fact]
    public void GetOrAdd_ThousandsOfSubjectsInOneGroupWithoutASizeGiven_EachFoundAgain()
    {
        // The index grows as subjects arrive; every subject stays where a lookup finds it.
        using var table = new TimelineSubjectTable(0);
        var names = Enumerable.Range(0, 5_000).Select(i => "s" + i).ToArray();
        foreach (var name in names)
        {
            table.GetOrAdd(TimelineNodeKind.DataUpdate, name, TimelineSubjectTable.HashOf(TimelineNodeKind.DataUpdate, name)).Link = name;
        }

        foreach (var name in names)
        {
            Assert.Equal(name, table.GetOrAdd(TimelineNodeKind.DataUpdate, name, TimelineSubjectTable.HashOf(TimelineNodeKind.DataUpdate, name)).Link);
        }

        Assert.Equal(names.Length, table.Entries.Length);
    }
}
