using NodaTime;

namespace Dataphin.UpgradeKit.Insights;

/// <summary>
/// Turns a store's <see cref="InsightsFigures"/> into <see cref="UpgradeInsights"/>: the one place the rates and the
/// statistics are defined (R-INS-1), so every store answers with the same numbers (R-INS-2).
/// </summary>
internal static class InsightsAssembler
{
    private static readonly UpgradeStatus[] AllStatuses = Enum.GetValues<UpgradeStatus>();

    public static UpgradeInsights Assemble(InsightsFigures figures, InsightsQuery query, Func<Instant?, string>? timeText = null)
    {
        var counts = figures.Counts.GroupBy(c => c.Group).ToDictionary(g => g.Key, g => g.ToList());
        var durations = figures.Durations.GroupBy(d => d.Group).ToDictionary(g => g.Key, g => g.ToList());
        InsightsGroup Group(InsightsGroupKey key) => Build(key, counts.GetValueOrDefault(key) ?? [], durations.GetValueOrDefault(key) ?? [], query);

        var keys = counts.Keys.Concat(durations.Keys).Distinct().ToList();
        return new UpgradeInsights
        {
            From = query.Within is { HasStart: true } from ? from.Start : null,
            To = query.Within is { HasEnd: true } to ? to.End : null,
            FromText = timeText?.Invoke(query.Within is { HasStart: true } start ? start.Start : null),
            ToText = timeText?.Invoke(query.Within is { HasEnd: true } end ? end.End : null),
            MaintenanceBudget = query.MaintenanceBudget,
            Overall = Group(InsightsGroupKey.Overall),
            ByMode = [.. keys.Where(k => k.Kind == InsightsGroupKind.Mode).OrderBy(k => k.Mode).Select(Group)],
            ByTargetVersion = [.. keys.Where(k => k.Kind == InsightsGroupKind.TargetVersion).OrderBy(k => k.TargetVersion).Select(Group)],
        };
    }

    private static InsightsGroup Build(InsightsGroupKey key, List<InsightsStatusCount> counts, List<InsightsOrderStatistics> durations, InsightsQuery query)
    {
        long Of(params UpgradeStatus[] statuses) => counts.Where(c => statuses.Contains(c.Status)).Sum(c => c.Count);
        var finished = Of(UpgradeStatus.Succeeded, UpgradeStatus.Failed, UpgradeStatus.Stopped, UpgradeStatus.ForceStoppedSucceeded, UpgradeStatus.ForceStoppedFailed);
        var succeeded = Of(UpgradeStatus.Succeeded, UpgradeStatus.ForceStoppedSucceeded);
        var failed = Of(UpgradeStatus.Failed, UpgradeStatus.ForceStoppedFailed);
        DurationStatistics? Stats(InsightsMetric metric) =>
            durations.FirstOrDefault(d => d.Metric == metric) is { Count: > 0 } found ? DurationStatistics.From(found) : null;
        var maintenance = durations.FirstOrDefault(d => d.Metric == InsightsMetric.MaintenanceDuration);
        return new InsightsGroup
        {
            Mode = key.Mode,
            TargetVersion = key.TargetVersion is { } version ? Label(version) : null,
            Count = counts.Sum(c => c.Count),
            Statuses = [.. AllStatuses.Select(status => new InsightsStatusTotal { Status = status, Count = Of(status) })],
            Finished = finished,
            SuccessRate = finished == 0 ? null : (double)succeeded / finished,
            ChangeFailureRate = finished == 0 ? null : (double)failed / finished,
            TimeToRecover = Stats(InsightsMetric.TimeToRecover),
            UpgradeDuration = Stats(InsightsMetric.UpgradeDuration),
            MaintenanceDuration = Stats(InsightsMetric.MaintenanceDuration),
            MaintenanceOverruns = query.MaintenanceBudget is null || maintenance is not { Count: > 0 } ? null : maintenance.OverBudget ?? 0,
        };
    }

    private static string Label(ProductVersion version) => version.Revision == 0
        ? FormattableString.Invariant($"{version.Major}.{version.Minor}.{version.Patch}")
        : FormattableString.Invariant($"{version.Major}.{version.Minor}.{version.Patch}.{version.Revision}");
}
