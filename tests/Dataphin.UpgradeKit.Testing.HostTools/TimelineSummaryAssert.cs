using System.Text.Json;
using Dataphin.UpgradeKit.Projections;
using Dataphin.UpgradeKit.Storage;
using Dataphin.UpgradeKit.Timeline;
using NodaTime;
using Xunit;

namespace Dataphin.UpgradeKit.Testing.HostTools;

/// <summary>What the timeline summaries part of schema version 2 promises of an upgraded database (R-TIME-11).</summary>
public static class TimelineSummaryAssert
{
    /// <summary>
    /// Asserts every record's summaries are those of its stored events and give the pure aggregation's timeline, then
    /// that a new event on the running record merges into them.
    /// </summary>
    public static async Task UpgradedStoreKeepsSummariesOfStoredEventsAsync(IUpgradeStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        var records = (await store.ListAsync(new UpgradeRecordQuery { PageSize = 100 })).Items;
        var withEvents = 0;
        foreach (var record in records)
        {
            var events = await store.ReadEventsAsync(record.Id);
            withEvents += events.Count > 0 ? 1 : 0;
            await SummariesOfStoredEventsAsync(store, record.Id);
        }

        Assert.True(withEvents >= 5, $"{withEvents} records with events");
        var upgrading = records.Single(r => r.Status == UpgradeStatus.Upgrading);
        var more = new TimelineEvent { Kind = TimelineEventKind.DataServiceStudioUpgradeStarted, Subject = "DataService Studio", At = upgrading.CreatedAt + Duration.FromHours(3) };
        Assert.Equal(1, await store.AppendEventsAsync(upgrading.Id, [more]));
        await SummariesOfStoredEventsAsync(store, upgrading.Id);
    }

    private static async Task SummariesOfStoredEventsAsync(IUpgradeStore store, UpgradeRecordId id)
    {
        var events = await store.ReadEventsAsync(id);
        var summaries = await store.ReadSummariesAsync(id);
        Assert.Equal(TimelineSubjectSummary.Summarize(events).OrderBy(s => s.Node).ThenBy(s => s.Subject, StringComparer.Ordinal),
            summaries.OrderBy(s => s.Node).ThenBy(s => s.Subject, StringComparer.Ordinal));
        Assert.Equal(JsonSerializer.Serialize(TimelineAggregator.Aggregate(events).Nodes, UpgradeKitJson.Options),
            JsonSerializer.Serialize(TimelineAggregator.FromSummaries(summaries).Nodes, UpgradeKitJson.Options));
    }
}
