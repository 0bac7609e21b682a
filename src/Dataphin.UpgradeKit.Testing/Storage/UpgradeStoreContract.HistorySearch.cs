using Dataphin.UpgradeKit.Auditing;
using Dataphin.UpgradeKit.Lifecycle;
using Dataphin.UpgradeKit.Storage;
using Dataphin.UpgradeKit.Testing.Arbitraries;
using FsCheck;
using FsCheck.Fluent;
using NodaTime;
using Xunit;

namespace Dataphin.UpgradeKit.Testing.Storage;

public abstract partial class UpgradeStoreContract
{
    // A history longer than the few hundred rows of the order that a database store reads at page sizes 1 and 2 before it
    // finds rare matches another way: the pages must be exact on both sides of that switch and across it.
    private const int SearchHistorySize = 640;

    // Newest-first positions of the records of each marked target version V6.<set>.0: around 400 and 600 rows down the
    // order (the switch points at page sizes 1 and 2), at the far end, one near the top and one far, spread evenly.
    private static readonly int[][] SearchMarks = [[398, 399, 400, 401], [599, 600, 601], [639], [1, 500], [75, 225, 375, 525], []];

    /// <summary>
    /// Rare matches placed around the depth at which a database store stops walking the order's index (a few hundred
    /// rows at small page sizes), at the far end, near the top, and nowhere: every page of every order, with and without
    /// a mode filter, holds exactly the matches in order, and the operator filter finds created and acted-on records
    /// far down the order.
    /// </summary>
    [StoreFact]
    public async Task List_RareMatchesAroundTheWalkDepth_EveryPageExactInEveryOrder_R_HIST_1()
    {
        var store = await NewStoreAsync();
        var records = new List<(UpgradeRecord Record, int Set)>();
        for (var i = 0; i < SearchHistorySize; i++)
        {
            var position = SearchHistorySize - 1 - i; // newest first; the longest upgrade is the newest one
            var set = Array.FindIndex(SearchMarks, marks => marks.Contains(position));
            var created = T0 + Duration.FromMinutes(i);
            var start = created + Duration.FromMinutes(1);
            var record = new HistoryRecord(created)
            {
                Status = UpgradeStatus.Succeeded,
                Mode = i % 5 == 0 ? UpgradeMode.ZeroDowntime : UpgradeMode.Maintenance,
                Target = set >= 0 ? $"V6.{set}.0" : "V5.1.0",
                CreatedBy = position is 402 or 610 ? "carol" : "alice",
                Started = start,
                Ended = start + Duration.FromMinutes(i + 1),
                MaintenanceStarted = start,
                MaintenanceEnded = start + Duration.FromMinutes(i + 1),
            }.ToRecord();
            records.Add((await InsertAsync(store, record), set));
        }

        var actedOn = records[SearchHistorySize - 1 - 630].Record;
        await store.AppendAsync(new AuditEntry(actedOn.Id, actedOn.CreatedAt + Duration.FromDays(1), "carol", UpgradeOperation.ViewLog, AuditOutcome.Refused,
            UpgradeStatus.Succeeded, UpgradeStatus.Succeeded, ActionReasonCode.StatusNotEligible, 1, AuditEntry.NoOptions));

        var sorts = new[]
        {
            UpgradeRecordSortOrder.NewestFirst, UpgradeRecordSortOrder.LongestUpgradeFirst, UpgradeRecordSortOrder.ShortestUpgradeFirst,
            UpgradeRecordSortOrder.LongestMaintenanceFirst,
        };
        foreach (var sort in sorts)
        {
            foreach (var pageSize in new[] { 1, 2, 3 })
            {
                foreach (var maintenanceOnly in new[] { false, true })
                {
                    for (var set = 0; set < SearchMarks.Length; set++)
                    {
                        var version = ProductVersion.Parse($"V6.{set}.0");
                        var query = new UpgradeRecordQuery
                        {
                            Sort = sort, PageSize = pageSize, TargetVersionFrom = version, TargetVersionTo = version,
                            Modes = maintenanceOnly ? [UpgradeMode.Maintenance] : null,
                        };
                        var markedSet = set;
                        var expected = SearchModelOrder(records.Where(r => r.Set == markedSet && (!maintenanceOnly || r.Record.Mode == UpgradeMode.Maintenance))
                            .Select(r => r.Record), sort);
                        await AssertPagesAsync(store, query, expected, $"set {set}, {sort}, page size {pageSize}, maintenance only {maintenanceOnly}");
                    }

                    var byCarol = SearchModelOrder(records.Select(r => r.Record)
                        .Where(r => (r.CreatedBy == "carol" || r.Id == actedOn.Id) && (!maintenanceOnly || r.Mode == UpgradeMode.Maintenance)), sort);
                    await AssertPagesAsync(store, new UpgradeRecordQuery { Sort = sort, PageSize = pageSize, Operator = "carol", Modes = maintenanceOnly ? [UpgradeMode.Maintenance] : null },
                        byCarol, $"operator, {sort}, page size {pageSize}, maintenance only {maintenanceOnly}");
                }
            }
        }
    }

    /// <summary>
    /// Property: on one generated history (rare and common values of every filtered field, durations with ties), generated
    /// queries (any filters, any order, small pages) list exactly what a model written over the records lists, page by
    /// page, in order, with no record twice.
    /// </summary>
    [StoreFact]
    public async Task List_GeneratedQueries_PagesEqualTheModel_R_HIST_1()
    {
        var store = await NewStoreAsync();
        var random = new Random(2525);
        var history = new List<SearchSpec>();
        for (var i = 0; i < SearchHistorySize; i++)
        {
            var spec = SearchSpec.Random(random, i);
            history.Add(spec with { Record = await InsertAsync(store, spec.Record) });
            if (random.Next(100) < 1)
            {
                await store.AppendAsync(new AuditEntry(spec.Record.Id, spec.Record.CreatedAt + Duration.FromHours(1), "dave", UpgradeOperation.ViewLog,
                    AuditOutcome.Refused, spec.Record.Status, spec.Record.Status, ActionReasonCode.StatusNotEligible, 1, AuditEntry.NoOptions));
                history[^1] = history[^1] with { ActedOnByDave = true };
            }
        }

        var property = Prop.ForAll(SearchQueryGen.ToArbitrary(), searchQuery =>
        {
            var expected = SearchModelOrder(history.Where(searchQuery.Matches).Select(s => s.Record), searchQuery.Query.Sort);
            AssertPagesAsync(store, searchQuery.Query, expected, searchQuery.ToString()).GetAwaiter().GetResult();
        });
        KitCheck.Run(property, SearchQueryCases);
    }

    /// <summary>How many generated queries the search property checks on its one history.</summary>
    protected virtual int SearchQueryCases => 60;

    /// <summary>Pages through <paramref name="query"/> (all pages when few match, else the first five) and compares with the model.</summary>
    private static async Task AssertPagesAsync(IUpgradeStore store, UpgradeRecordQuery query, List<UpgradeRecordId> expected, string what)
    {
        var listed = new List<UpgradeRecordId>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await store.ListAsync(query with { ContinuationToken = token });
            Assert.True(page.Items.Count <= query.PageSize, what);
            listed.AddRange(page.Items.Select(r => r.Id));
            token = page.ContinuationToken;
            pages++;
        }
        while (token is not null && (expected.Count <= 60 || pages < 5));

        Assert.True(token is null || listed.Count == pages * query.PageSize, what);
        var wanted = expected.Take(token is null ? expected.Count : listed.Count).ToList();
        Assert.True(wanted.SequenceEqual(listed), $"{what}: expected {string.Join(", ", wanted)}; listed {string.Join(", ", listed)}");
    }

    /// <summary>The model's order: newest first, or by a duration (records without one left out), ties by id in the same direction.</summary>
    private static List<UpgradeRecordId> SearchModelOrder(IEnumerable<UpgradeRecord> records, UpgradeRecordSortOrder sort)
    {
        static Duration? Upgrade(UpgradeRecord r) => r.UpgradeEndedAt - r.UpgradeStartedAt;
        static Duration? Maintenance(UpgradeRecord r) => r.MaintenanceEndedAt - r.MaintenanceStartedAt;
        var ordered = sort switch
        {
            UpgradeRecordSortOrder.NewestFirst => records.OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id),
            UpgradeRecordSortOrder.LongestUpgradeFirst => records.Where(r => Upgrade(r) is not null).OrderByDescending(Upgrade).ThenByDescending(r => r.Id),
            UpgradeRecordSortOrder.ShortestUpgradeFirst => records.Where(r => Upgrade(r) is not null).OrderBy(Upgrade).ThenBy(r => r.Id),
            UpgradeRecordSortOrder.LongestMaintenanceFirst => records.Where(r => Maintenance(r) is not null).OrderByDescending(Maintenance).ThenByDescending(r => r.Id),
            UpgradeRecordSortOrder.ShortestMaintenanceFirst => records.Where(r => Maintenance(r) is not null).OrderBy(Maintenance).ThenBy(r => r.Id),
            _ => throw new ArgumentOutOfRangeException(nameof(sort), sort, "Not an order of the list."),
        };
        return [.. ordered.Select(r => r.Id)];
    }
}
