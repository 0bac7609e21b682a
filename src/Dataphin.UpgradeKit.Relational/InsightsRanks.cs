using System.Globalization;
using Dataphin.UpgradeKit.Insights;

namespace Dataphin.UpgradeKit.Relational;

/// <summary>
/// Turns the rank rows of <see cref="InsightsSql.Ranks"/> (SQLite) into order statistics: each row is a value at a rank
/// some group needs; per group and metric the values at 0, n − 1 and around both percentile positions are collected and
/// interpolated as <c>percentile_cont</c> does (<see cref="DurationStatistics.Interpolate"/>).
/// </summary>
internal sealed class InsightsRanks
{
    private readonly Dictionary<(InsightsGroupKey Group, InsightsMetric Metric), (long Count, Dictionary<long, long> Values)> _groups = [];
    private readonly InsightsKeys _keys;

    /// <summary>Collects rank rows whose group keys <paramref name="keys"/> reads.</summary>
    public InsightsRanks(InsightsKeys keys) => _keys = keys;

    /// <summary>Takes one row: metric, mode, version key, value, then rank and count overall, in the mode, in the version.</summary>
    public void Add(int metric, object mode, object tkey, long value, object[] ranks)
    {
        for (var kind = 0; kind < 3; kind++)
        {
            if (ranks[2 * kind] is DBNull || InsightsSql.Metric(metric, (InsightsGroupKind)kind) is not { } found || _keys.Of(kind, mode, tkey) is not { } key)
            {
                continue;
            }

            var rank = Convert.ToInt64(ranks[2 * kind], CultureInfo.InvariantCulture);
            var count = Convert.ToInt64(ranks[(2 * kind) + 1], CultureInfo.InvariantCulture);
            if (!_groups.TryGetValue((key, found), out var group))
            {
                group = (count, []);
                _groups[(key, found)] = group;
            }

            group.Values[rank] = value;
        }
    }

    /// <summary>The order statistics of every group and metric seen.</summary>
    public IEnumerable<InsightsOrderStatistics> Statistics() => _groups.Select(entry =>
    {
        var (count, values) = entry.Value;
        double At(double fraction)
        {
            var index = (long)Math.Floor(fraction * (count - 1));
            return DurationStatistics.Interpolate(values[index], index + 1 < count ? values[index + 1] : null, count, fraction);
        }

        return new InsightsOrderStatistics
        {
            Group = entry.Key.Group,
            Metric = entry.Key.Metric,
            Count = count,
            MinimumTicks = values[0],
            MaximumTicks = values[count - 1],
            MedianTicks = At(DurationStatistics.MedianFraction),
            Percentile90Ticks = At(DurationStatistics.Percentile90Fraction),
        };
    });
}
