using Dataphin.UpgradeKit.Storage;
using Dataphin.UpgradeKit.Timeline;
using NodaTime;
using Xunit;

namespace Dataphin.UpgradeKit.Testing.HostTools;

/// <summary>
/// What the timeline event order part of schema version 2 promises of an upgraded database: the events a version-1
/// database holds are still each stored once under the new unique key (R-TIME-9), and new events follow them.
/// </summary>
public static class TimelineEventOrderAssert
{
    /// <summary>
    /// Asserts that every record's stored events, reported again, add nothing and leave the stream as it was, and that a
    /// new event on the running record is stored once, after every event version 1 stored.
    /// </summary>
    public static async Task UpgradedStoreKeepsEachEventOnceAsync(IUpgradeStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        var records = (await store.ListAsync(new UpgradeRecordQuery { PageSize = 100 })).Items;
        var reported = 0;
        foreach (var record in records)
        {
            var stored = await store.ReadEventsAsync(record.Id);
            if (stored.Count == 0)
            {
                continue;
            }

            Assert.Equal(0, await store.AppendEventsAsync(record.Id, stored.Reverse().ToList()));
            Assert.Equal(stored, await store.ReadEventsAsync(record.Id));
            reported += stored.Count;
        }

        Assert.Equal(SchemaV1Fixtures.TimelineEventCount, reported);
        var upgrading = records.Single(r => r.Status == UpgradeStatus.Upgrading);
        var before = await store.ReadEventsAsync(upgrading.Id);
        // Same subject and kind as a stored event, a new time: a new event, which must come after every stored one.
        var last = before[^1];
        var more = new TimelineEvent { Kind = last.Kind, Subject = last.Subject, At = last.At + Duration.FromMinutes(1), Outcome = last.Outcome, DetailsLink = last.DetailsLink };

        Assert.Equal(1, await store.AppendEventsAsync(upgrading.Id, [more]));
        Assert.Equal(0, await store.AppendEventsAsync(upgrading.Id, [more]));
        Assert.Equal([.. before, more], await store.ReadEventsAsync(upgrading.Id));
    }
}
