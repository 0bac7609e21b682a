using System.Globalization;
using System.Text;
using Dataphin.UpgradeKit.Queries;
using Dataphin.UpgradeKit.Insights;
using Dataphin.UpgradeKit.Storage;
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
    /// Over generated histories (modes, versions, statuses, durations with tied and untied values, intervals and budgets),
    /// the store's insights equal the in-memory store's, the reference.
    /// </summary>
    [StoreFact]
    public async Task Insights_GeneratedHistories_EqualTheInMemoryReference_R_INS_2()
    {
        var random = new Random(2025);
        for (var history = 0; history < 12; history++)
        {
            var store = await NewStoreAsync();
            var reference = new InMemoryUpgradeStore();
            var count = random.Next(0, 40);
            for (var i = 0; i < count; i++)
            {
                var record = GeneratedRecord(random, T0 + Duration.FromMinutes(random.Next(0, 60 * 24 * 10)));
                await InsertAsync(store, record);
                await InsertAsync(reference, record);
            }

            var start = T0 + Duration.FromDays(random.Next(0, 5));
            var queries = new[]
            {
                new InsightsQuery(),
                new InsightsQuery { Within = new Interval(start, start + Duration.FromDays(random.Next(1, 6))), MaintenanceBudget = Duration.FromMinutes(random.Next(0, 200)) },
                new InsightsQuery { Within = new Interval(start, null), MaintenanceBudget = Duration.Zero },
            };
            foreach (var query in queries)
            {
                var expected = Describe(await new UpgradeHistory(reference).GetInsightsAsync(query));
                var actual = Describe(await new UpgradeHistory(store).GetInsightsAsync(query));
                Assert.Equal(expected, actual);
            }
        }
    }

    private static UpgradeRecord GeneratedRecord(Random random, Instant createdAt)
    {
        string[] targets = ["V5.1.0", "5.1", "V5.2.0", "V6.0.0.1"];
        var statuses = Enum.GetValues<UpgradeStatus>();
        var status = statuses[random.Next(statuses.Length)];
        var mode = random.Next(3) == 0 ? UpgradeMode.ZeroDowntime : UpgradeMode.Maintenance;
        // Whole minutes make ties likely; odd ticks make interpolation fractional.
        var lasting = random.Next(2) == 0 ? Duration.FromMinutes(random.Next(1, 8) * 15) : Duration.FromTicks(random.NextInt64(1, 10_000_000_000));
        var start = createdAt + Duration.FromMinutes(random.Next(0, 30));
        var spec = new HistoryRecord(createdAt) { Mode = mode, Target = targets[random.Next(targets.Length)], Initial = "V4.3.0", Status = status };
        if (status is UpgradeStatus.Configuring or UpgradeStatus.Canceled)
        {
            return spec.ToRecord();
        }

        spec = spec with { Started = start, MaintenanceStarted = start };
        if (!status.IsTerminal())
        {
            return spec.ToRecord();
        }

        var forced = status is UpgradeStatus.ForceStoppedSucceeded or UpgradeStatus.ForceStoppedFailed;
        var maintenanceUnknown = forced || (status == UpgradeStatus.Failed && random.Next(2) == 0);
        return (spec with { Ended = start + lasting, MaintenanceEnded = maintenanceUnknown ? null : start + lasting }).ToRecord();
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
