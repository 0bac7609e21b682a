using NodaTime;

namespace Dataphin.UpgradeKit.Insights;

/// <summary>
/// The reference computation of <see cref="InsightsFigures"/> over records in memory: what the in-memory store answers
/// and what the database stores' SQL must equal (R-INS-2).
/// </summary>
internal static class InsightsReference
{
    private static readonly UpgradeStatus[] Successes = [UpgradeStatus.Succeeded, UpgradeStatus.ForceStoppedSucceeded];
    private static readonly UpgradeStatus[] Failures = [UpgradeStatus.Failed, UpgradeStatus.ForceStoppedFailed];

    public static InsightsFigures Compute(IEnumerable<UpgradeRecord> records, InsightsQuery query)
    {
        var selected = records.Where(r => query.Within is not { } within || within.Contains(r.CreatedAt)).ToList();
        var groups = selected
            .SelectMany(r => new (InsightsGroupKey Key, UpgradeRecord Record)[] { (InsightsGroupKey.Overall, r), (InsightsGroupKey.OfMode(r.Mode), r), (InsightsGroupKey.OfTargetVersion(r.TargetVersion), r) })
            .GroupBy(x => x.Key, x => x.Record);
        var counts = new List<InsightsStatusCount>();
        var durations = new List<InsightsOrderStatistics>();
        foreach (var group in groups)
        {
            counts.AddRange(group.GroupBy(r => r.Status).Select(s => new InsightsStatusCount { Group = group.Key, Status = s.Key, Count = s.Count() }));
            Add(durations, group.Key, InsightsMetric.UpgradeDuration,
                group.Where(r => r.UpgradeStartedAt is not null && r.UpgradeEndedAt is not null).Select(r => (r.UpgradeEndedAt!.Value - r.UpgradeStartedAt!.Value).BclCompatibleTicks), null);
            Add(durations, group.Key, InsightsMetric.MaintenanceDuration,
                group.Where(r => r.MaintenanceStartedAt is not null && r.MaintenanceEndedAt is not null).Select(r => (r.MaintenanceEndedAt!.Value - r.MaintenanceStartedAt!.Value).BclCompatibleTicks),
                query.MaintenanceBudget);
            var successEnds = group.Where(r => Successes.Contains(r.Status) && r.UpgradeEndedAt is not null).Select(r => r.UpgradeEndedAt!.Value).Order().ToList();
            Add(durations, group.Key, InsightsMetric.TimeToRecover,
                group.Where(r => Failures.Contains(r.Status) && r.UpgradeEndedAt is not null)
                    .Select(r => successEnds.FirstOrDefault(end => end > r.UpgradeEndedAt!.Value) is var next && next > r.UpgradeEndedAt!.Value
                        ? (next - r.UpgradeEndedAt!.Value).BclCompatibleTicks
                        : (long?)null)
                    .Where(t => t is not null).Select(t => t!.Value),
                null);
        }

        return new InsightsFigures { Counts = counts, Durations = durations };
    }

    private static void Add(List<InsightsOrderStatistics> into, InsightsGroupKey key, InsightsMetric metric, IEnumerable<long> values, Duration? budget)
    {
        var sorted = values.Order().ToList();
        if (sorted.Count == 0)
        {
            return;
        }

        double At(double fraction)
        {
            var index = (int)Math.Floor(fraction * (sorted.Count - 1));
            return DurationStatistics.Interpolate(sorted[index], index + 1 < sorted.Count ? sorted[index + 1] : null, sorted.Count, fraction);
        }

        into.Add(new InsightsOrderStatistics
        {
            Group = key,
            Metric = metric,
            Count = sorted.Count,
            MinimumTicks = sorted[0],
            MaximumTicks = sorted[^1],
            MedianTicks = At(DurationStatistics.MedianFraction),
            Percentile90Ticks = At(DurationStatistics.Percentile90Fraction),
            OverBudget = budget is { } b ? sorted.Count(v => v > b.BclCompatibleTicks) : null,
        });
    }
}
