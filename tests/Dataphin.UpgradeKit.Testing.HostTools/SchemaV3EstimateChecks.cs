using Dataphin.UpgradeKit.Estimates;
using Dataphin.UpgradeKit.Storage;
using Dataphin.UpgradeKit.Timeline;
using Xunit;

namespace Dataphin.UpgradeKit.Testing.HostTools;

/// <summary>What the estimates part of schema version 3 promises of an upgraded database (R-ETA-1).</summary>
public static class SchemaV3EstimateChecks
{
    /// <summary>
    /// The upgrade script kept one comparable upgrade per succeeded record, equal to what the SDK makes of the record and
    /// its timeline (<see cref="ComparableUpgrade.Of"/>, the reference): mode, finish, duration and every node's end.
    /// A version-2 record never kept when its steps completed: the records read back and their comparables say so (null).
    /// </summary>
    public static async Task AssertComparablesMatchSucceededRecordsAsync(IUpgradeStore store, int expectedCount)
    {
        var estimates = Assert.IsAssignableFrom<IUpgradeEstimateStore>(store);
        var succeeded = (await store.ListAsync(new UpgradeRecordQuery { Statuses = [UpgradeStatus.Succeeded], PageSize = UpgradeRecordQuery.MaxPageSize })).Items;
        var expected = new List<ComparableUpgrade>();
        foreach (var record in succeeded)
        {
            var timeline = record.Mode == UpgradeMode.ZeroDowntime ? null : TimelineAggregator.FromSummaries(await store.ReadSummariesAsync(record.Id));
            expected.Add(ComparableUpgrade.Of(record, timeline)!);
        }

        var kept = new List<ComparableUpgrade>();
        foreach (var mode in Enum.GetValues<UpgradeMode>())
        {
            kept.AddRange(await estimates.ReadComparablesAsync(mode, UpgradeRecordQuery.MaxPageSize));
        }

        Assert.Equal(expectedCount, kept.Count);
        Assert.Equal(Describe(expected), Describe(kept));
        Assert.All(succeeded, record => Assert.Null(record.StepsCompletedAt));
        Assert.All(kept, comparable => Assert.Null(comparable.StepsCompletedAfter));
    }

    private static List<string> Describe(IEnumerable<ComparableUpgrade> comparables) =>
        [.. comparables
            .Select(c => $"{c.RecordId} {c.Mode} {c.FinishedAt} {c.Duration} " +
                string.Join(",", c.NodeEnds.OrderBy(n => n.Key).Select(n => $"{n.Key}={n.Value}")) + $" steps={c.StepsCompletedAfter}")
            .Order(StringComparer.Ordinal)];
}
