using System.Text.Json;
using Dataphin.UpgradeKit.Projections;
using Dataphin.UpgradeKit.Storage;
using Dataphin.UpgradeKit.Timeline;
using FsCheck;
using FsCheck.Fluent;
using NodaTime;
using Xunit;

namespace Dataphin.UpgradeKit.Testing.Storage;

public abstract partial class UpgradeStoreContract
{
    /// <summary>How many random deliveries the summary property tries on each store (each case is one record).</summary>
    protected virtual int TimelineSummaryCases => 30;

    // Per subject every start falls in seconds 0..10 and every end in 10..20, so each end is at or after each start
    // (equal at 10): every batch is consistent whatever the order, and all of them are stored. Few subjects and few
    // seconds make equal times (the tie-breaks) and repeated reports of one subject common.
    private static readonly Gen<TimelineEvent> ConsistentEventGen =
        from node in Gen.Choose(0, 4)
        from subject in Gen.Elements("api", "metadb", "task-1")
        from isStart in Gen.Elements(true, false)
        from seconds in isStart ? Gen.Choose(0, 10) : Gen.Choose(10, 20)
        from outcome in Gen.Elements(DataUpdateTaskOutcome.Success, DataUpdateTaskOutcome.Failed, DataUpdateTaskOutcome.Skipped)
        from link in Gen.Elements<string?>(null, "/ops/tasks/1", "/ops/tasks/2", "https://ops.example/t/3")
        let kind = (TimelineEventKind)((node * 2) + (isStart ? 1 : 2))
        let isTask = (TimelineNodeKind)node == TimelineNodeKind.DataUpdate
        select new TimelineEvent
        {
            Kind = kind,
            Subject = subject,
            At = T0 + Duration.FromSeconds(seconds),
            Outcome = kind == TimelineEventKind.DataUpdateTaskFinished ? outcome : null,
            DetailsLink = isTask ? link : null,
        };

    // Each event goes to one to three (reporter, position) slots, so some are delivered twice, by one reporter or two;
    // a reporter sends its slots in position order, cut into batches of one to four events.
    private static readonly Gen<TimelineDelivery> DeliveryGen =
        from events in Gen.NonEmptyListOf(ConsistentEventGen)
        from reporters in Gen.Choose(1, 4)
        from slots in Gen.ArrayOf(Gen.ArrayOf(Gen.Zip(Gen.Choose(0, 3), Gen.Choose(0, 1000)), 3), events.Count)
        from copies in Gen.ArrayOf(Gen.Choose(1, 3), events.Count)
        from cuts in Gen.ArrayOf(Gen.Choose(1, 4), events.Count * 3)
        select TimelineDelivery.Of([.. events], reporters, slots, copies, cuts);

    /// <summary>
    /// Property: random event sets delivered in random batches, orders and duplicates by up to four reporters at once
    /// give a timeline, read from the store's summaries, equal to the pure aggregation of the raw events; the store
    /// keeps every raw event once, and its summaries are those of its raw events.
    /// </summary>
    [StoreFact]
    public async Task ReadSummaries_RandomBatchesOrdersDuplicatesConcurrentReporters_TimelineEqualsPureAggregation_R_TIME_11()
    {
        var store = await NewStoreAsync();
        var property = Prop.ForAll(DeliveryGen.ToArbitrary(), delivery => DeliverAndCompareAsync(store, delivery).GetAwaiter().GetResult());
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(TimelineSummaryCases), property);
    }

    /// <summary>
    /// Two reporters contradicting each other (one starts a subject after the other ended it) at the same moment:
    /// exactly one passes the end-before-start check and only its event is stored, on every round.
    /// </summary>
    [StoreFact]
    public async Task AppendEvents_TwoContradictingReportersAtOnce_ExactlyOnePasses_R_TIME_2()
    {
        var store = await NewStoreAsync();
        var record = await InsertAsync(store, NewRecord(T0, UpgradeStatus.Upgrading));
        for (var round = 0; round < 20; round++)
        {
            var subject = $"svc-{round}";
            var start = new TimelineEvent { Kind = TimelineEventKind.ServiceStoppingStarted, Subject = subject, At = T0 + Duration.FromSeconds(10) };
            var end = new TimelineEvent { Kind = TimelineEventKind.ServiceStoppingFinished, Subject = subject, At = T0 + Duration.FromSeconds(5) };
            using var go = new Barrier(2);
            var outcomes = await Task.WhenAll(new[] { start, end }.Select(e => Task.Run(async () =>
            {
                go.SignalAndWait(TimeSpan.FromSeconds(5));
                try
                {
                    await store.AppendEventsAsync(record.Id, [e]);
                    return (Event: e, Passed: true);
                }
                catch (ImpossibleTimeException)
                {
                    return (Event: e, Passed: false);
                }
            })));

            Assert.Single(outcomes, o => o.Passed);
            var winner = outcomes.Single(o => o.Passed).Event;
            Assert.Equal([winner], (await store.ReadEventsAsync(record.Id)).Where(e => e.Subject == subject));
            Assert.Equal([TimelineSubjectSummary.Of(winner)], (await store.ReadSummariesAsync(record.Id)).Where(s => s.Subject == subject));
        }
    }

    /// <summary>
    /// An end before the subject's stored start, or a start after its stored end, refuses the whole batch: nothing of
    /// it is stored, raw events and summaries alike.
    /// </summary>
    [StoreFact]
    public async Task AppendEvents_EndBeforeStoredStart_RefusesWholeBatch_R_TIME_2()
    {
        var store = await NewStoreAsync();
        var record = await InsertAsync(store, NewRecord(T0, UpgradeStatus.Upgrading));
        var started = new TimelineEvent { Kind = TimelineEventKind.DatabaseBackupStarted, Subject = "metadb", At = T0 + Duration.FromMinutes(2) };
        var ended = new TimelineEvent { Kind = TimelineEventKind.ServiceStoppingFinished, Subject = "api", At = T0 + Duration.FromMinutes(1) };
        await store.AppendEventsAsync(record.Id, [started, ended]);

        var other = new TimelineEvent { Kind = TimelineEventKind.DatabaseBackupStarted, Subject = "lineage", At = T0 };
        var early = new TimelineEvent { Kind = TimelineEventKind.DatabaseBackupCompleted, Subject = "metadb", At = T0 + Duration.FromMinutes(1) };
        var refused = await Assert.ThrowsAsync<ImpossibleTimeException>(() => store.AppendEventsAsync(record.Id, [other, early]));
        Assert.Equal(record.Id, refused.RecordId);
        Assert.Equal((started.At, early.At), (refused.Start, refused.End));
        var late = new TimelineEvent { Kind = TimelineEventKind.ServiceStoppingStarted, Subject = "api", At = T0 + Duration.FromMinutes(3) };
        await Assert.ThrowsAsync<ImpossibleTimeException>(() => store.AppendEventsAsync(record.Id, [late]));

        Assert.Equal([started, ended], await store.ReadEventsAsync(record.Id));
        AssertSameSummaries(TimelineSubjectSummary.Summarize([started, ended]), await store.ReadSummariesAsync(record.Id));
    }

    /// <summary>Summaries are per record, carry every field, and a record without events has none.</summary>
    [StoreFact]
    public async Task ReadSummaries_EveryFieldPerRecord_EqualsSummaryOfItsEvents_R_TIME_11()
    {
        var store = await NewStoreAsync();
        var one = await InsertAsync(store, NewRecord(T0, UpgradeStatus.Upgrading));
        var other = await InsertAsync(store, NewRecord(T0 + Duration.FromSeconds(1), UpgradeStatus.Upgrading));
        TimelineEvent[] events =
        [
            new TimelineEvent { Kind = TimelineEventKind.DataUpdateTaskStarted, Subject = "migrate-lineage", At = T0, DetailsLink = "https://host/tasks/9" },
            new TimelineEvent { Kind = TimelineEventKind.DataUpdateTaskFinished, Subject = "migrate-lineage", At = T0 + Duration.FromTicks(77), Outcome = DataUpdateTaskOutcome.Failed, DetailsLink = "https://host/tasks/9?x=1" },
            new TimelineEvent { Kind = TimelineEventKind.DataUpdateTaskFinished, Subject = "migrate-lineage", At = T0 + Duration.FromTicks(77), Outcome = DataUpdateTaskOutcome.Skipped },
            new TimelineEvent { Kind = TimelineEventKind.DataUpdateTaskFinished, Subject = "migrate-lineage", At = T0 + Duration.FromTicks(50), Outcome = DataUpdateTaskOutcome.Success },
            new TimelineEvent { Kind = TimelineEventKind.DataServiceStudioUpgradeStarted, Subject = "DataService Studio", At = T0 + Duration.FromDays(1) },
        ];

        await store.AppendEventsAsync(one.Id, events[..2]);
        await store.AppendEventsAsync(one.Id, events[2..]);
        await store.AppendEventsAsync(other.Id, [events[4]]);

        AssertSameSummaries(TimelineSubjectSummary.Summarize(events), await store.ReadSummariesAsync(one.Id));
        AssertSameSummaries([TimelineSubjectSummary.Of(events[4])], await store.ReadSummariesAsync(other.Id));
        Assert.Empty(await store.ReadSummariesAsync(UpgradeRecordId.New(T0)));
    }

    /// <summary>Asserts two sets of summaries are equal, whatever their order.</summary>
    protected static void AssertSameSummaries(IEnumerable<TimelineSubjectSummary> expected, IEnumerable<TimelineSubjectSummary> actual) =>
        Assert.Equal(expected.OrderBy(s => s.Node).ThenBy(s => s.Subject, StringComparer.Ordinal),
            actual.OrderBy(s => s.Node).ThenBy(s => s.Subject, StringComparer.Ordinal));

    /// <summary>The timeline as JSON: equal timelines, and only they, give equal text.</summary>
    protected static string Canonical(UpgradeTimeline timeline)
    {
        ArgumentNullException.ThrowIfNull(timeline);
        return JsonSerializer.Serialize(timeline.Nodes, UpgradeKitJson.Options);
    }

    private static async Task<bool> DeliverAndCompareAsync(IUpgradeStore store, TimelineDelivery delivery)
    {
        var record = await InsertAsync(store, NewRecord(T0, UpgradeStatus.Upgrading));
        using var go = new Barrier(delivery.Reporters.Count);
        var added = await Task.WhenAll(delivery.Reporters.Select(batches => Task.Run(async () =>
        {
            go.SignalAndWait(TimeSpan.FromSeconds(5));
            var count = 0;
            foreach (var batch in batches)
            {
                count += await store.AppendEventsAsync(record.Id, batch);
            }

            return count;
        })));

        var distinct = delivery.Events.Distinct().ToList();
        var stored = await store.ReadEventsAsync(record.Id);
        var summaries = await store.ReadSummariesAsync(record.Id);
        var expected = Canonical(TimelineAggregator.Aggregate(distinct));
        return added.Sum() == distinct.Count
            && stored.Count == distinct.Count
            && stored.ToHashSet().SetEquals(distinct)
            && Canonical(TimelineAggregator.FromSummaries(summaries)) == expected
            && Canonical(TimelineAggregator.Aggregate(stored)) == expected
            && summaries.OrderBy(s => s.Node).ThenBy(s => s.Subject, StringComparer.Ordinal)
                .SequenceEqual(TimelineSubjectSummary.Summarize(stored).OrderBy(s => s.Node).ThenBy(s => s.Subject, StringComparer.Ordinal));
    }

    /// <summary>One generated case: the events, and each reporter's batches in sending order.</summary>
    private sealed record TimelineDelivery(IReadOnlyList<TimelineEvent> Events, IReadOnlyList<IReadOnlyList<TimelineEvent[]>> Reporters)
    {
        public static TimelineDelivery Of(TimelineEvent[] events, int reporters, (int Reporter, int Position)[][] slots, int[] copies, int[] cuts)
        {
            var sends = Enumerable.Range(0, reporters).Select(_ => new List<(int Position, TimelineEvent Event)>()).ToArray();
            for (var i = 0; i < events.Length; i++)
            {
                foreach (var (reporter, position) in slots[i].Take(copies[i]))
                {
                    sends[reporter % reporters].Add((position, events[i]));
                }
            }

            var cut = 0;
            var batches = sends.Select(send =>
            {
                var ordered = send.OrderBy(s => s.Position).Select(s => s.Event).ToList();
                var list = new List<TimelineEvent[]>();
                for (var at = 0; at < ordered.Count;)
                {
                    var size = Math.Min(cuts[cut++ % cuts.Length], ordered.Count - at);
                    list.Add([.. ordered.Skip(at).Take(size)]);
                    at += size;
                }

                return (IReadOnlyList<TimelineEvent[]>)list;
            }).ToList();
            return new TimelineDelivery(events, batches);
        }

        // FsCheck prints the failing case: the events and the batches, one line each.
        public override string ToString() =>
            string.Join("\n", Reporters.Select((batches, r) => $"reporter {r}: " +
                string.Join(" | ", batches.Select(b => string.Join(", ", b.Select(e => $"{e.Kind} {e.Subject} {e.At} {e.Outcome} {e.DetailsLink}"))))));
    }
}
