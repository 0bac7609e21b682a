using Dataphin.UpgradeKit.Storage;
using NodaTime;
using Xunit;

namespace Dataphin.UpgradeKit.Testing.Storage;

public abstract partial class UpgradeStoreContract
{
    /// <summary>
    /// Target- and initial-version ranges whose few matches lie around the depth at which a database store stops walking
    /// the order (and far down it), spread over several target versions with several initial versions each: every page of
    /// every order, alone, with both ranges, with open-ended ranges and with a creation interval, holds exactly the
    /// matches in order, each once.
    /// </summary>
    [StoreFact]
    public async Task List_VersionRangesWithRareMatches_EveryPageExactInEveryOrder_R_HIST_1()
    {
        var store = await NewStoreAsync();
        // Newest-first positions of the rare records: around the walk depths of page sizes 1 and 2, near the top and at the end.
        int[] rare = [1, 150, 398, 399, 400, 401, 402, 500, 598, 599, 600, 601, 639];
        var records = new List<UpgradeRecord>();
        for (var i = 0; i < SearchHistorySize; i++)
        {
            var position = SearchHistorySize - 1 - i;
            var mark = Array.IndexOf(rare, position);
            var created = T0 + Duration.FromMinutes(i);
            var start = created + Duration.FromMinutes(1);
            // Durations repeat (ties broken by id) and do not follow creation, so no order is another's.
            var minutes = 1 + ((i * 37) % 50);
            var record = new HistoryRecord(created)
            {
                Status = UpgradeStatus.Succeeded,
                Mode = i % 3 == 0 ? UpgradeMode.ZeroDowntime : UpgradeMode.Maintenance,
                Target = mark >= 0 ? $"V6.{mark % 4}.0" : "V5.1.0",
                Initial = mark >= 0 ? $"V4.{mark % 3}.0" : "V3.0.0",
                Started = start,
                Ended = start + Duration.FromMinutes(minutes),
                MaintenanceStarted = start,
                MaintenanceEnded = start + Duration.FromMinutes(51 - minutes),
            }.ToRecord();
            records.Add(await InsertAsync(store, record));
        }

        static ProductVersion V(string text) => ProductVersion.Parse(text);
        var queries = new (string What, UpgradeRecordQuery Query, Func<UpgradeRecord, bool> Matches)[]
        {
            ("target V6.0–V6.3", new() { TargetVersionFrom = V("V6.0.0"), TargetVersionTo = V("V6.3.0") }, r => r.TargetVersion.Major == 6),
            ("target V6.1–V6.2, initial V4.1–V4.2", new() { TargetVersionFrom = V("V6.1.0"), TargetVersionTo = V("V6.2.0"), InitialVersionFrom = V("V4.1.0"), InitialVersionTo = V("V4.2.0") },
                r => r.TargetVersion.Major == 6 && r.TargetVersion.Minor is 1 or 2 && r.InitialVersion.Major == 4 && r.InitialVersion.Minor is 1 or 2),
            ("target from V6.2", new() { TargetVersionFrom = V("V6.2.0") }, r => r.TargetVersion.Major == 6 && r.TargetVersion.Minor >= 2),
            ("initial V4.0–V4.1", new() { InitialVersionFrom = V("V4.0.0"), InitialVersionTo = V("V4.1.0") }, r => r.InitialVersion.Major == 4 && r.InitialVersion.Minor <= 1),
            ("initial from V4.1", new() { InitialVersionFrom = V("V4.1.0") }, r => r.InitialVersion >= V("V4.1.0")),
            ("target to V6.1, initial from V4.1", new() { TargetVersionTo = V("V6.1.0"), InitialVersionFrom = V("V4.1.0") },
                r => r.TargetVersion <= V("V6.1.0") && r.InitialVersion >= V("V4.1.0")),
        };
        var within = new Interval(T0 + Duration.FromMinutes(100), T0 + Duration.FromMinutes(300));
        var sorts = new[]
        {
            UpgradeRecordSortOrder.NewestFirst, UpgradeRecordSortOrder.LongestUpgradeFirst, UpgradeRecordSortOrder.ShortestUpgradeFirst,
            UpgradeRecordSortOrder.ShortestMaintenanceFirst,
        };
        foreach (var (what, query, matches) in queries)
        {
            foreach (var sort in sorts)
            {
                foreach (var pageSize in new[] { 1, 2, 3 })
                {
                    await AssertPagesAsync(store, query with { Sort = sort, PageSize = pageSize }, SearchModelOrder(records.Where(matches), sort),
                        $"{what}, {sort}, page size {pageSize}");
                    await AssertPagesAsync(store, query with { Sort = sort, PageSize = pageSize, CreatedWithin = within },
                        SearchModelOrder(records.Where(r => matches(r) && within.Contains(r.CreatedAt)), sort), $"{what}, created within, {sort}, page size {pageSize}");
                }
            }
        }
    }
}
