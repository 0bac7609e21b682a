using System.Globalization;
using System.Text;
using Dataphin.UpgradeKit.Queries;
using Dataphin.UpgradeKit.Insights;
using Dataphin.UpgradeKit.Storage;
using Dataphin.UpgradeKit.Testing.Arbitraries;
using FsCheck;
using FsCheck.Fluent;
using Interval = NodaTime.Interval;
using NodaTime;
using Xunit;

namespace Dataphin.UpgradeKit.Testing.Storage;

public abstract partial class UpgradeStoreContract
{
    /// <summary>
    /// The insights of a known history: counts, rates over finished upgrades (canceled excluded), the median and the
    /// interpolated 90th percentile, time to recover to the next later success, overruns of the budget, and null where
    /// there is no data.
    /// </summary>
    [StoreFact]
    public async Task Insights_KnownHistory_GiveTheDefinedNumbers_R_INS_1()
    {
        var store = await NewStoreAsync();
        var statuses = new[]
        {
            UpgradeStatus.Succeeded, UpgradeStatus.Failed, UpgradeStatus.Succeeded, UpgradeStatus.Stopped, UpgradeStatus.ForceStoppedFailed,
            UpgradeStatus.Succeeded, UpgradeStatus.ForceStoppedSucceeded, UpgradeStatus.Succeeded, UpgradeStatus.Failed, UpgradeStatus.Succeeded,
        };
        for (var i = 0; i < statuses.Length; i++)
        {
            // Upgrade i starts i hours after T0 and lasts 10·(i+1) minutes: ends are in creation order.
            await InsertAsync(store, Finished(T0 + Duration.FromHours(i), statuses[i], Duration.Zero, Duration.FromMinutes(10 * (i + 1))));
        }

        await InsertAsync(store, InStatus(T0 + Duration.FromHours(20), UpgradeStatus.Canceled));
        await InsertAsync(store, Running(T0 + Duration.FromHours(21), Duration.FromMinutes(1)));
        await InsertAsync(store, Finished(T0 + Duration.FromDays(30), UpgradeStatus.Failed, Duration.Zero, Duration.FromHours(1))); // outside the interval

        var insights = await new UpgradeHistory(store).GetInsightsAsync(new InsightsQuery
        {
            Within = new Interval(T0, T0 + Duration.FromDays(1)),
            MaintenanceBudget = Duration.FromMinutes(45),
        });

        var overall = insights.Overall;
        Assert.Equal(12, overall.Count);
        Assert.Equal(10, overall.Finished);
        Assert.Equal(6.0 / 10, overall.SuccessRate); // 5 Succeeded + 1 force-stopped as succeeded
        Assert.Equal(3.0 / 10, overall.ChangeFailureRate); // 2 Failed + 1 force-stopped as failed
        Assert.Equal(1, overall.Statuses.Single(s => s.Status == UpgradeStatus.Canceled).Count);
        var upgrade = overall.UpgradeDuration!;
        Assert.Equal(10, upgrade.Count);
        Assert.Equal(Duration.FromMinutes(10), upgrade.Minimum);
        Assert.Equal(Duration.FromMinutes(55), upgrade.Median); // between 50 and 60
        Assert.Equal(Duration.FromMinutes(91), upgrade.Percentile90); // 90 + (100 − 90)·0.1
        Assert.Equal(Duration.FromMinutes(100), upgrade.Maximum);
        Assert.Equal(8, overall.MaintenanceDuration!.Count); // force-stopped windows have no end
        Assert.Equal(4, overall.MaintenanceOverruns); // 60, 80, 90, 100 minutes (the 50 and 70 were force-stopped: no end)
        // Recoveries: Failed #1 (ends 1h20) -> #2 (2h30): 70 min; FSF #4 (4h50) -> #5 (6h00): 70 min; Failed #8 (9h30) -> #9 (10h40): 70 min.
        var recover = overall.TimeToRecover!;
        Assert.Equal(3, recover.Count);
        Assert.Equal(Duration.FromMinutes(70), recover.Median);
        var maintenance = Assert.Single(insights.ByMode);
        Assert.Equal(UpgradeMode.Maintenance, maintenance.Mode);
        Assert.Equal("5.1.0", Assert.Single(insights.ByTargetVersion).TargetVersion);

        var empty = await new UpgradeHistory(store).GetInsightsAsync(new InsightsQuery { Within = new Interval(T0 - Duration.FromDays(9), T0) });
        Assert.Equal(0, empty.Overall.Count);
        Assert.Null(empty.Overall.SuccessRate);
        Assert.Null(empty.Overall.UpgradeDuration);
        Assert.Null(empty.Overall.MaintenanceOverruns);
        Assert.Empty(empty.ByMode);
    }

    /// <summary>
    /// Property over generated histories (modes, versions, statuses, durations with tied and untied values) and generated
    /// intervals and budgets: the store's insights equal the in-memory store's, the reference, on the same records.
    /// </summary>
    [StoreFact]
    public Task Insights_GeneratedHistories_EqualTheInMemoryReference_R_INS_2()
    {
        var property = Prop.ForAll(InsightsCaseGen.ToArbitrary(), insightsCase => CompareInsightsAsync(insightsCase).GetAwaiter().GetResult());
        KitCheck.Run(property, InsightsCases);
        return Task.CompletedTask;
    }

    /// <summary>How many generated histories the insights property checks; every case creates a fresh store.</summary>
    protected virtual int InsightsCases => 20;

    private static readonly string[] InsightsTargets = ["V5.1.0", "5.1", "V5.2.0", "V6.0.0.1"];

    // A record as the generator sees it: every field drawn independently, turned into a reachable record by ToRecord.
    private sealed record InsightsRecordSpec(int CreatedMinute, UpgradeStatus Status, bool ZeroDowntime, int Target, int StartAfterMinutes,
        bool WholeQuarters, int Quarters, long Ticks, bool MaintenanceUnknown, bool FinishedLater, bool EndOnGrid)
    {
        public UpgradeRecord ToRecord()
        {
            var createdAt = T0 + Duration.FromMinutes(CreatedMinute);
            var spec = new HistoryRecord(createdAt)
            {
                Mode = ZeroDowntime ? UpgradeMode.ZeroDowntime : UpgradeMode.Maintenance,
                Target = InsightsTargets[Target],
                Initial = "V4.3.0",
                Status = Status,
            };
            if (Status is UpgradeStatus.Configuring or UpgradeStatus.Canceled)
            {
                return spec.ToRecord();
            }

            var start = createdAt + Duration.FromMinutes(StartAfterMinutes);
            spec = spec with { Started = start, MaintenanceStarted = start };
            if (!Status.IsTerminal())
            {
                return spec.ToRecord();
            }

            // Whole quarter hours make ties likely; odd ticks make interpolation fractional.
            var lasting = WholeQuarters ? Duration.FromMinutes(Quarters * 15) : Duration.FromTicks(Ticks);
            if (EndOnGrid)
            {
                // Ends on a 6-hour mark (Quarters marks after the first one not before the start): many equal ends, some 0 long.
                var marks = (long)Math.Ceiling((start - T0) / Duration.FromHours(6)) + Quarters;
                lasting = T0 + Duration.FromHours(6 * marks) - start;
            }

            var forced = Status is UpgradeStatus.ForceStoppedSucceeded or UpgradeStatus.ForceStoppedFailed;
            var maintenanceUnknown = forced || (Status == UpgradeStatus.Failed && MaintenanceUnknown);
            return (spec with { Ended = start + lasting, MaintenanceEnded = maintenanceUnknown ? null : start + lasting }).ToRecord();
        }

        public override string ToString() => FormattableString.Invariant(
            $"{Status}/{(ZeroDowntime ? "zd" : "mt")}/{InsightsTargets[Target]} created +{CreatedMinute}m start +{StartAfterMinutes}m lasting {(WholeQuarters ? $"{Quarters * 15}m" : $"{Ticks}t")}{(MaintenanceUnknown ? " mt-end unknown" : string.Empty)}{(FinishedLater ? " finished later" : string.Empty)}{(EndOnGrid ? " ends on the grid" : string.Empty)}");
    }

    private sealed record InsightsCase(IReadOnlyList<InsightsRecordSpec> Records, int StartDay, int Days, int BudgetMinutes, int RemoveEvery)
    {
        public override string ToString() => FormattableString.Invariant(
            $"interval day {StartDay} +{Days}d, budget {BudgetMinutes}m, then every {RemoveEvery}th record removed, {Records.Count} records:\n  ") + string.Join("\n  ", Records);
    }

    private static readonly Gen<InsightsRecordSpec> InsightsRecordGen =
        // Half the records are created on a 12-hour grid and start at once: with whole quarter hours, ends tie across statuses.
        from created in Gen.OneOf(Gen.Choose(0, 60 * 24 * 10), Gen.Choose(0, 20).Select(k => k * 60 * 12))
        from status in Gen.Elements(Enum.GetValues<UpgradeStatus>())
        from zeroDowntime in Gen.Frequency((2, Gen.Constant(false)), (1, Gen.Constant(true)))
        from target in Gen.Choose(0, InsightsTargets.Length - 1)
        from startAfter in Gen.Frequency((1, Gen.Constant(0)), (2, Gen.Choose(0, 29)))
        from wholeQuarters in Gen.Elements(true, false)
        from quarters in Gen.Choose(0, 7)
        from ticks in Gen.Choose(1, 1_000_000).Select(n => n * 10_007L)
        from maintenanceUnknown in Gen.Elements(true, false)
        from finishedLater in Gen.Elements(true, false)
        from endOnGrid in Gen.Elements(true, false)
        select new InsightsRecordSpec(created, status, zeroDowntime, target, startAfter, wholeQuarters, quarters, ticks, maintenanceUnknown, finishedLater, endOnGrid);

    private static readonly Gen<InsightsCase> InsightsCaseGen =
        from count in Gen.Choose(0, 40)
        from records in Gen.ListOf(InsightsRecordGen, count)
        from startDay in Gen.Choose(0, 4)
        from days in Gen.Choose(1, 5)
        // Half the budgets are whole quarter hours: exactly the length of some whole-quarter windows.
        from budget in Gen.OneOf(Gen.Choose(0, 199), Gen.Choose(0, 7).Select(q => q * 15))
        from removeEvery in Gen.Choose(1, 4)
        select new InsightsCase([.. records], startDay, days, budget, removeEvery);

    private async Task<bool> CompareInsightsAsync(InsightsCase insightsCase)
    {
        var store = await NewStoreAsync();
        var reference = new InMemoryUpgradeStore();
        var later = new List<UpgradeRecord>();
        var ids = new List<UpgradeRecordId>();
        foreach (var spec in insightsCase.Records)
        {
            var record = spec.ToRecord();
            ids.Add(record.Id);
            if (spec.FinishedLater && record.UpgradeEndedAt is not null)
            {
                // Stored running first and finished after every record is in: ends arrive in the generated order, not by time.
                later.Add((UpgradeRecordSnapshot.From(record) with { Version = 2 }).ToRecord());
                record = (HistoryRecord.From(record) with { Status = UpgradeStatus.Upgrading, Ended = null, MaintenanceEnded = null }).ToRecord();
            }

            await InsertAsync(store, record);
            await InsertAsync(reference, record);
        }

        foreach (var finished in later)
        {
            var change = new RecordChange(Audit(finished, UpgradeOperation.Complete, UpgradeStatus.Upgrading), []);
            await store.UpdateAsync(finished, 1, change);
            await reference.UpdateAsync(finished, 1, change);
        }

        await CompareInsightsAsync(insightsCase, store, reference);
        // Retention removes finished records (every RemoveEvery-th one it may remove) between calls.
        if (store is IRetentionStore retention)
        {
            var removed = await retention.RemoveAsync([.. ids.Where((_, i) => i % insightsCase.RemoveEvery == 0)]);
            Assert.Equal(removed.Order(), (await ((IRetentionStore)reference).RemoveAsync(removed)).Order());
            await CompareInsightsAsync(insightsCase, store, reference);
        }

        return true;
    }

    private static async Task CompareInsightsAsync(InsightsCase insightsCase, IUpgradeStore store, IUpgradeStore reference)
    {

        var start = T0 + Duration.FromDays(insightsCase.StartDay);
        var queries = new[]
        {
            new InsightsQuery(),
            new InsightsQuery { MaintenanceBudget = Duration.FromMinutes(insightsCase.BudgetMinutes) },
            new InsightsQuery { Within = new Interval(start, start + Duration.FromDays(insightsCase.Days)), MaintenanceBudget = Duration.FromMinutes(insightsCase.BudgetMinutes) },
            new InsightsQuery { Within = new Interval(start, null), MaintenanceBudget = Duration.Zero },
        };
        foreach (var query in queries)
        {
            var expected = Describe(await new UpgradeHistory(reference).GetInsightsAsync(query));
            var actual = Describe(await new UpgradeHistory(store).GetInsightsAsync(query));
            Assert.Equal(expected, actual);
        }
    }

    private static string Describe(UpgradeInsights insights)
    {
        var text = new StringBuilder();
        foreach (var group in new[] { insights.Overall }.Concat(insights.ByMode).Concat(insights.ByTargetVersion))
        {
            text.Append(CultureInfo.InvariantCulture, $"[{group.Mode}|{group.TargetVersion}] n={group.Count} finished={group.Finished} ")
                .Append(CultureInfo.InvariantCulture, $"success={group.SuccessRate:R} failure={group.ChangeFailureRate:R} overruns={group.MaintenanceOverruns} ")
                .AppendJoin(',', group.Statuses.Select(s => s.Count))
                .Append(CultureInfo.InvariantCulture, $" up={Describe(group.UpgradeDuration)} mt={Describe(group.MaintenanceDuration)} ttr={Describe(group.TimeToRecover)}\n");
        }

        return text.ToString();
    }

    private static string Describe(DurationStatistics? statistics) => statistics is null
        ? "-"
        : FormattableString.Invariant($"{statistics.Count}:{statistics.Minimum.BclCompatibleTicks}/{statistics.Median.BclCompatibleTicks}/{statistics.Percentile90.BclCompatibleTicks}/{statistics.Maximum.BclCompatibleTicks}");
}
