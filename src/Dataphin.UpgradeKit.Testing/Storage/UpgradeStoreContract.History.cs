using Dataphin.UpgradeKit.Actions;
using Dataphin.UpgradeKit.Auditing;
using Dataphin.UpgradeKit.Lifecycle;
using Dataphin.UpgradeKit.Storage;
using NodaTime;
using Xunit;

namespace Dataphin.UpgradeKit.Testing.Storage;

public abstract partial class UpgradeStoreContract
{
    /// <summary>A mode filter keeps only the records of those modes, on every page.</summary>
    [StoreFact]
    public async Task List_ModeFilter_KeepsOnlyThoseModes_R_HIST_1()
    {
        var store = await NewStoreAsync();
        var stored = new List<UpgradeRecord>();
        for (var i = 0; i < 9; i++)
        {
            stored.Add(await InsertAsync(store, new HistoryRecord(T0 + Duration.FromMinutes(i)) { Mode = i % 3 == 0 ? UpgradeMode.ZeroDowntime : UpgradeMode.Maintenance }.ToRecord()));
        }

        var listed = await ListAllAsync(store, new UpgradeRecordQuery { Modes = [UpgradeMode.ZeroDowntime], PageSize = 2 });

        Assert.Equal(Newest(stored.Where(r => r.Mode == UpgradeMode.ZeroDowntime)), listed);
    }

    /// <summary>Version ranges are inclusive and numeric (V4.10 above V4.9; V5 equals 5.0.0), on the target and on the initial version.</summary>
    [StoreFact]
    public async Task List_VersionRanges_AreInclusiveAndNumeric_R_HIST_1()
    {
        var store = await NewStoreAsync();
        var v49 = await InsertAsync(store, new HistoryRecord(T0) { Target = "V4.9.0", Initial = "V4.0" }.ToRecord());
        var v410 = await InsertAsync(store, new HistoryRecord(T0 + Duration.FromMinutes(1)) { Target = "V4.10.0", Initial = "V4.9" }.ToRecord());
        var v5 = await InsertAsync(store, new HistoryRecord(T0 + Duration.FromMinutes(2)) { Target = "5.0", Initial = "V4.10.0" }.ToRecord());
        var v51 = await InsertAsync(store, new HistoryRecord(T0 + Duration.FromMinutes(3)) { Target = "V5.0.1", Initial = "5.0.0" }.ToRecord());

        var targets = await ListAllAsync(store, new UpgradeRecordQuery { TargetVersionFrom = ProductVersion.Parse("4.10"), TargetVersionTo = ProductVersion.Parse("V5.0.0") });
        var fromOnly = await ListAllAsync(store, new UpgradeRecordQuery { TargetVersionFrom = ProductVersion.Parse("5.0.0.1") });
        var initials = await ListAllAsync(store, new UpgradeRecordQuery { InitialVersionFrom = ProductVersion.Parse("4.9"), InitialVersionTo = ProductVersion.Parse("4.10") });
        var both = await ListAllAsync(store, new UpgradeRecordQuery { InitialVersionTo = ProductVersion.Parse("4.9.0"), TargetVersionFrom = ProductVersion.Parse("4.9.1") });

        Assert.Equal([v5.Id, v410.Id], targets);
        Assert.Equal([v51.Id], fromOnly);
        Assert.Equal([v5.Id, v410.Id], initials);
        Assert.Equal([v410.Id], both);
        _ = v49;
    }

    /// <summary>Started within and finished within look at the upgrade's start and end (start inclusive, end exclusive).</summary>
    [StoreFact]
    public async Task List_StartedAndFinishedWithin_UseTheUpgradeTimes_R_HIST_1()
    {
        var store = await NewStoreAsync();
        var notStarted = await InsertAsync(store, new HistoryRecord(T0).ToRecord());
        var early = await InsertAsync(store, Finished(T0, UpgradeStatus.Succeeded, Duration.FromHours(1), Duration.FromHours(2)));
        var late = await InsertAsync(store, Finished(T0 + Duration.FromMinutes(1), UpgradeStatus.Failed, Duration.FromHours(3), Duration.FromHours(1)));
        var running = await InsertAsync(store, Running(T0 + Duration.FromMinutes(2), Duration.FromHours(3)));

        var startedFrom3h = await ListAllAsync(store, new UpgradeRecordQuery { StartedWithin = new Interval(T0 + Duration.FromHours(3), T0 + Duration.FromHours(4)) });
        var finishedBefore4h = await ListAllAsync(store, new UpgradeRecordQuery { FinishedWithin = new Interval(null, T0 + Duration.FromHours(4)) });
        var finishedFrom4h = await ListAllAsync(store, new UpgradeRecordQuery { FinishedWithin = new Interval(T0 + Duration.FromHours(4), null) });

        Assert.Equal([running.Id, late.Id], startedFrom3h);
        Assert.Equal([early.Id], finishedBefore4h); // early ends at 1 h + 2 h = 3 h; late at 4 h (end exclusive)
        Assert.Equal([late.Id], finishedFrom4h);
        _ = notStarted;
    }

    /// <summary>
    /// The operator filter keeps the records the operator created or acted on (any audited request, a refused one
    /// included), and nothing else.
    /// </summary>
    [StoreFact]
    public async Task List_OperatorFilter_KeepsRecordsCreatedOrActedOn_R_HIST_1()
    {
        var store = await NewStoreAsync();
        var byBob = await InsertAsync(store, new HistoryRecord(T0) { CreatedBy = "bob" }.ToRecord());
        var stoppedByBob = await InsertAsync(store, new HistoryRecord(T0 + Duration.FromMinutes(1)).ToRecord());
        await store.AppendAsync(new AuditEntry(stoppedByBob.Id, T0 + Duration.FromMinutes(5), "bob", UpgradeOperation.Stop, AuditOutcome.Refused,
            UpgradeStatus.Configuring, UpgradeStatus.Configuring, ActionReasonCode.StatusNotEligible, 1, AuditEntry.NoOptions));
        var alicesOnly = await InsertAsync(store, new HistoryRecord(T0 + Duration.FromMinutes(2)).ToRecord());
        await store.AppendAsync(new AuditEntry(alicesOnly.Id, T0 + Duration.FromMinutes(6), "bobby", UpgradeOperation.ViewLog, AuditOutcome.Refused,
            UpgradeStatus.Configuring, UpgradeStatus.Configuring, ActionReasonCode.StatusNotEligible, 1, AuditEntry.NoOptions));

        var bob = await ListAllAsync(store, new UpgradeRecordQuery { Operator = "bob", PageSize = 1 });
        var nobody = await ListAllAsync(store, new UpgradeRecordQuery { Operator = "carol" });

        Assert.Equal([stoppedByBob.Id, byBob.Id], bob);
        Assert.Empty(nobody);
    }

    /// <summary>
    /// Outcome categories group statuses (running: Configuring, Upgrading, Verifying; force-stopped: both results), and
    /// combine with a status filter by "and".
    /// </summary>
    [StoreFact]
    public async Task List_OutcomeCategories_GroupStatusesAndCombineWithStatuses_R_HIST_1()
    {
        var store = await NewStoreAsync();
        var byStatus = new Dictionary<UpgradeStatus, UpgradeRecord>();
        var minute = 0;
        foreach (var status in Enum.GetValues<UpgradeStatus>())
        {
            byStatus[status] = await InsertAsync(store, InStatus(T0 + Duration.FromMinutes(minute++), status));
        }

        var running = await ListAllAsync(store, new UpgradeRecordQuery { Outcomes = [UpgradeOutcomeCategory.Running] });
        var forced = await ListAllAsync(store, new UpgradeRecordQuery { Outcomes = [UpgradeOutcomeCategory.ForceStopped, UpgradeOutcomeCategory.Canceled] });
        var runningAndVerifying = await ListAllAsync(store, new UpgradeRecordQuery
        {
            Outcomes = [UpgradeOutcomeCategory.Running],
            Statuses = [UpgradeStatus.Verifying, UpgradeStatus.Succeeded],
        });
        var disjoint = await ListAllAsync(store, new UpgradeRecordQuery { Outcomes = [UpgradeOutcomeCategory.Failed], Statuses = [UpgradeStatus.Succeeded] });

        Assert.Equal(Newest([byStatus[UpgradeStatus.Configuring], byStatus[UpgradeStatus.Upgrading], byStatus[UpgradeStatus.Verifying]]), running);
        Assert.Equal(Newest([byStatus[UpgradeStatus.ForceStoppedSucceeded], byStatus[UpgradeStatus.ForceStoppedFailed], byStatus[UpgradeStatus.Canceled]]), forced);
        Assert.Equal([byStatus[UpgradeStatus.Verifying].Id], runningAndVerifying);
        Assert.Empty(disjoint);
    }

    /// <summary>
    /// Sorting by upgrade duration, longest or shortest first, lists only the records that have one, ties broken by id,
    /// across pages.
    /// </summary>
    [StoreFact]
    public async Task List_SortByUpgradeDuration_OrdersFinishedRecordsOnlyTiesById_R_HIST_1()
    {
        var store = await NewStoreAsync();
        var finished = new List<UpgradeRecord>();
        for (var i = 0; i < 13; i++)
        {
            // Durations 0..4 hours repeat, so ties need the id.
            finished.Add(await InsertAsync(store, Finished(T0 + Duration.FromMinutes(i), UpgradeStatus.Succeeded, Duration.FromHours(1), Duration.FromHours(i % 5))));
        }

        await InsertAsync(store, Running(T0 + Duration.FromMinutes(30), Duration.FromHours(1)));
        await InsertAsync(store, new HistoryRecord(T0 + Duration.FromMinutes(31)).ToRecord());

        var longest = await ListAllAsync(store, new UpgradeRecordQuery { Sort = UpgradeRecordSortOrder.LongestUpgradeFirst, PageSize = 3 });
        var shortest = await ListAllAsync(store, new UpgradeRecordQuery { Sort = UpgradeRecordSortOrder.ShortestUpgradeFirst, PageSize = 4 });

        Assert.Equal(finished.OrderByDescending(UpgradeDuration).ThenByDescending(r => r.Id).Select(r => r.Id), longest);
        Assert.Equal(finished.OrderBy(UpgradeDuration).ThenBy(r => r.Id).Select(r => r.Id), shortest);
    }

    /// <summary>
    /// Sorting by maintenance duration lists only records whose maintenance mode ended (a zero-downtime or force-stopped
    /// record has none), combined with a filter.
    /// </summary>
    [StoreFact]
    public async Task List_SortByMaintenanceDuration_OrdersRecordsWithOneOnly_R_HIST_1()
    {
        var store = await NewStoreAsync();
        var withMaintenance = new List<UpgradeRecord>();
        for (var i = 0; i < 7; i++)
        {
            withMaintenance.Add(await InsertAsync(store, Finished(T0 + Duration.FromMinutes(i), i % 2 == 0 ? UpgradeStatus.Succeeded : UpgradeStatus.Stopped,
                Duration.FromHours(1), Duration.FromMinutes(10 * (7 - i)))));
        }

        await InsertAsync(store, InStatus(T0 + Duration.FromMinutes(20), UpgradeStatus.ForceStoppedFailed));
        await InsertAsync(store, new HistoryRecord(T0 + Duration.FromMinutes(21)) { Mode = UpgradeMode.ZeroDowntime, Status = UpgradeStatus.Succeeded,
            Started = T0 + Duration.FromHours(1), Ended = T0 + Duration.FromHours(2) }.ToRecord());

        var longest = await ListAllAsync(store, new UpgradeRecordQuery { Sort = UpgradeRecordSortOrder.LongestMaintenanceFirst, PageSize = 2 });
        var shortestSucceeded = await ListAllAsync(store, new UpgradeRecordQuery
        {
            Sort = UpgradeRecordSortOrder.ShortestMaintenanceFirst,
            Statuses = [UpgradeStatus.Succeeded],
            PageSize = 2,
        });

        Assert.Equal(withMaintenance.OrderByDescending(MaintenanceDuration).ThenByDescending(r => r.Id).Select(r => r.Id), longest);
        Assert.Equal(withMaintenance.Where(r => r.Status == UpgradeStatus.Succeeded).OrderBy(MaintenanceDuration).Select(r => r.Id), shortestSucceeded);
    }

    /// <summary>Every filter at once: only the record that passes all of them is listed.</summary>
    [StoreFact]
    public async Task List_EveryFilterCombined_AllMustHold_R_HIST_1()
    {
        var store = await NewStoreAsync();
        var match = await InsertAsync(store, Finished(T0, UpgradeStatus.Failed, Duration.FromHours(1), Duration.FromHours(1), "bob"));
        await InsertAsync(store, Finished(T0 + Duration.FromMinutes(1), UpgradeStatus.Succeeded, Duration.FromHours(1), Duration.FromHours(1), "bob"));
        await InsertAsync(store, Finished(T0 + Duration.FromMinutes(2), UpgradeStatus.Failed, Duration.FromHours(1), Duration.FromHours(1)));
        await InsertAsync(store, Finished(T0 + Duration.FromMinutes(3), UpgradeStatus.Failed, Duration.FromHours(9), Duration.FromHours(1), "bob"));

        var listed = await ListAllAsync(store, new UpgradeRecordQuery
        {
            Outcomes = [UpgradeOutcomeCategory.Failed],
            Modes = [UpgradeMode.Maintenance],
            TargetVersionFrom = ProductVersion.Parse("5.0"),
            InitialVersionTo = ProductVersion.Parse("4.3"),
            StartedWithin = new Interval(T0, T0 + Duration.FromHours(2)),
            FinishedWithin = new Interval(T0, T0 + Duration.FromHours(3)),
            Operator = "bob",
            Sort = UpgradeRecordSortOrder.LongestUpgradeFirst,
        });

        Assert.Equal([match.Id], listed);
    }

    /// <summary>A continuation token of one order is refused for another.</summary>
    [StoreFact]
    public async Task List_TokenOfAnotherOrder_ThrowsArgumentException_R_HIST_1()
    {
        var store = await NewStoreAsync();
        for (var i = 0; i < 3; i++)
        {
            await InsertAsync(store, Finished(T0 + Duration.FromMinutes(i), UpgradeStatus.Succeeded, Duration.FromHours(1), Duration.FromHours(i)));
        }

        var page = await store.ListAsync(new UpgradeRecordQuery { Sort = UpgradeRecordSortOrder.LongestUpgradeFirst, PageSize = 1 });

        Assert.NotNull(page.ContinuationToken);
        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.ListAsync(new UpgradeRecordQuery { ContinuationToken = page.ContinuationToken }));
    }

    /// <summary>
    /// Keyset stability in every order: while records are created, change status and finish between page reads, every
    /// record that matched the query both before and after paging is listed exactly once, and no record twice.
    /// </summary>
    [StoreFact]
    public async Task List_RecordsCreatedAndChangedBetweenPages_NoneMatchingThroughoutSkippedOrRepeated_R_HIST_1()
    {
        var queries = new[]
        {
            new UpgradeRecordQuery { PageSize = 3 },
            new UpgradeRecordQuery { PageSize = 3, Outcomes = [UpgradeOutcomeCategory.Running] },
            new UpgradeRecordQuery { PageSize = 2, Sort = UpgradeRecordSortOrder.LongestUpgradeFirst },
            new UpgradeRecordQuery { PageSize = 2, Sort = UpgradeRecordSortOrder.ShortestMaintenanceFirst, Modes = [UpgradeMode.Maintenance] },
        };
        foreach (var query in queries)
        {
            var store = await NewStoreAsync();
            var random = new Random(2506);
            var minute = 0;
            for (var i = 0; i < 24; i++)
            {
                await InsertAsync(store, RandomRecord(random, T0 + Duration.FromMinutes(minute++)));
            }

            var before = (await ListAllAsync(store, query with { PageSize = UpgradeRecordQuery.MaxPageSize })).ToHashSet();
            var seen = new List<UpgradeRecordId>();
            string? token = null;
            var pages = 0;
            do
            {
                var page = await store.ListAsync(query with { ContinuationToken = token });
                seen.AddRange(page.Items.Select(r => r.Id));
                token = page.ContinuationToken;
                Assert.True(++pages < 100, "The continuation tokens do not end.");

                // Between page reads: a new record (newest of all), and two records moved along their lifecycle.
                await InsertAsync(store, RandomRecord(random, T0 + Duration.FromMinutes(minute++)));
                var all = await ListAllAsync(store, new UpgradeRecordQuery { PageSize = UpgradeRecordQuery.MaxPageSize });
                for (var change = 0; change < 2; change++)
                {
                    var id = all[random.Next(all.Count)];
                    var record = (await store.FindAsync(id))!;
                    if (Advance(record, random) is { } next)
                    {
                        await store.UpdateAsync(next, record.Version, new RecordChange(Audit(next, UpgradeOperation.Complete, record.Status), []));
                    }
                }
            }
            while (token is not null);

            var after = (await ListAllAsync(store, query with { PageSize = UpgradeRecordQuery.MaxPageSize })).ToHashSet();
            Assert.Equal(seen.Count, seen.Distinct().Count());
            var throughout = before.Intersect(after).ToHashSet();
            Assert.True(throughout.Count > 3, $"The test must exercise records that match throughout ({query.Sort}).");
            Assert.Empty(throughout.Except(seen));
        }
    }

    /// <summary>Reads every page of <paramref name="query"/> and returns the ids in the order listed.</summary>
    private static async Task<List<UpgradeRecordId>> ListAllAsync(IUpgradeStore store, UpgradeRecordQuery query) =>
        [.. (await ReadAllPagesAsync(store, query)).SelectMany(page => page).Select(record => record.Id)];

    private static IEnumerable<UpgradeRecordId> Newest(IEnumerable<UpgradeRecord> records) =>
        records.OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id).Select(r => r.Id);

    private static Duration UpgradeDuration(UpgradeRecord record) => record.UpgradeEndedAt!.Value - record.UpgradeStartedAt!.Value;

    private static Duration MaintenanceDuration(UpgradeRecord record) => record.MaintenanceEndedAt!.Value - record.MaintenanceStartedAt!.Value;

    /// <summary>A maintenance upgrade started <paramref name="after"/> its creation, still upgrading.</summary>
    private static UpgradeRecord Running(Instant createdAt, Duration after) =>
        new HistoryRecord(createdAt) { Status = UpgradeStatus.Upgrading, Started = createdAt + after, MaintenanceStarted = createdAt + after }.ToRecord();

    /// <summary>
    /// A maintenance upgrade in a terminal <paramref name="status"/> started <paramref name="after"/> its creation and
    /// lasting <paramref name="lasting"/>, created by <paramref name="createdBy"/>; maintenance mode covers the whole upgrade,
    /// except after a force-stop (unknown end).
    /// </summary>
    private static UpgradeRecord Finished(Instant createdAt, UpgradeStatus status, Duration after, Duration lasting, string createdBy = "alice")
    {
        var start = createdAt + after;
        var forced = status is UpgradeStatus.ForceStoppedSucceeded or UpgradeStatus.ForceStoppedFailed;
        return new HistoryRecord(createdAt)
        {
            Status = status,
            CreatedBy = createdBy,
            Started = start,
            Ended = start + lasting,
            MaintenanceStarted = start,
            MaintenanceEnded = forced ? null : start + lasting,
        }.ToRecord();
    }

    /// <summary>A maintenance record in <paramref name="status"/> with the times that status has.</summary>
    private static UpgradeRecord InStatus(Instant createdAt, UpgradeStatus status) => status switch
    {
        UpgradeStatus.Configuring or UpgradeStatus.Canceled => new HistoryRecord(createdAt) { Status = status }.ToRecord(),
        UpgradeStatus.Upgrading or UpgradeStatus.Verifying => new HistoryRecord(createdAt)
        {
            Status = status,
            Started = createdAt + Duration.FromMinutes(1),
            MaintenanceStarted = createdAt + Duration.FromMinutes(1),
        }.ToRecord(),
        _ => Finished(createdAt, status, Duration.FromMinutes(1), Duration.FromMinutes(30)),
    };

    private static UpgradeRecord RandomRecord(Random random, Instant createdAt)
    {
        var statuses = Enum.GetValues<UpgradeStatus>();
        var status = statuses[random.Next(statuses.Length)];
        return status.IsTerminal() && status != UpgradeStatus.Canceled
            ? Finished(createdAt, status, Duration.FromMinutes(1), Duration.FromMinutes(random.Next(1, 6) * 10))
            : InStatus(createdAt, status);
    }

    // The next step of a record's life as a store sees it: Configuring starts, Upgrading verifies, Verifying finishes
    // (with a random duration, so duration orders gain records mid-paging); a finished record stays as it is.
    private static UpgradeRecord? Advance(UpgradeRecord record, Random random)
    {
        var spec = HistoryRecord.From(record) with { Version = record.Version + 1 };
        var now = (record.UpgradeStartedAt ?? record.CreatedAt) + Duration.FromMinutes(random.Next(1, 6) * 10);
        return record.Status switch
        {
            UpgradeStatus.Configuring => (spec with { Status = UpgradeStatus.Upgrading, Started = now, MaintenanceStarted = now }).ToRecord(),
            UpgradeStatus.Upgrading => (spec with { Status = UpgradeStatus.Verifying }).ToRecord(),
            UpgradeStatus.Verifying => (spec with { Status = UpgradeStatus.Succeeded, Ended = now, MaintenanceEnded = now }).ToRecord(),
            _ => null,
        };
    }

    /// <summary>
    /// The fields of a record the history tests vary, built through <see cref="UpgradeRecordSnapshot"/> so that every
    /// record is one the SDK's operations can reach.
    /// </summary>
    /// <param name="CreatedAt">When the record was created.</param>
    private sealed record HistoryRecord(Instant CreatedAt)
    {
        /// <summary>The record's id; derived from the creation time when null.</summary>
        public UpgradeRecordId? Id { get; init; }

        /// <summary>The status.</summary>
        public UpgradeStatus Status { get; init; } = UpgradeStatus.Configuring;

        /// <summary>The mode.</summary>
        public UpgradeMode Mode { get; init; } = UpgradeMode.Maintenance;

        /// <summary>The target version.</summary>
        public string Target { get; init; } = "V5.1.0";

        /// <summary>The initial version.</summary>
        public string Initial { get; init; } = "V4.3.0";

        /// <summary>The creator.</summary>
        public string CreatedBy { get; init; } = "alice";

        /// <summary>The upgrade start.</summary>
        public Instant? Started { get; init; }

        /// <summary>The upgrade end.</summary>
        public Instant? Ended { get; init; }

        /// <summary>The maintenance-mode start.</summary>
        public Instant? MaintenanceStarted { get; init; }

        /// <summary>The maintenance-mode end.</summary>
        public Instant? MaintenanceEnded { get; init; }

        /// <summary>The concurrency version.</summary>
        public long Version { get; init; } = 1;

        /// <summary>The fields of <paramref name="record"/>.</summary>
        public static HistoryRecord From(UpgradeRecord record) => new(record.CreatedAt)
        {
            Id = record.Id,
            Status = record.Status,
            Mode = record.Mode,
            Target = record.TargetVersion.ToString(),
            Initial = record.InitialVersion.ToString(),
            CreatedBy = record.CreatedBy,
            Started = record.UpgradeStartedAt,
            Ended = record.UpgradeEndedAt,
            MaintenanceStarted = record.MaintenanceStartedAt,
            MaintenanceEnded = record.MaintenanceEndedAt,
            Version = record.Version,
        };

        /// <summary>The record, checked by <see cref="UpgradeRecordSnapshot.ToRecord"/>.</summary>
        public UpgradeRecord ToRecord() => new UpgradeRecordSnapshot
        {
            Id = Id ?? UpgradeRecordId.New(CreatedAt),
            TargetVersion = ProductVersion.Parse(Target),
            InitialVersion = ProductVersion.Parse(Initial),
            Mode = Mode,
            DataServiceStudioMode = DataServiceStudioUpgradeMode.UpgradeTogether,
            Status = Status,
            CreatedAt = CreatedAt,
            CreatedBy = CreatedBy,
            UpgradeStartedAt = Started,
            UpgradeEndedAt = Ended,
            MaintenanceStartedAt = Mode == UpgradeMode.Maintenance ? MaintenanceStarted : null,
            MaintenanceEndedAt = Mode == UpgradeMode.Maintenance ? MaintenanceEnded : null,
            Version = Version,
        }.ToRecord();
    }
}
