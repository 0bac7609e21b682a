using Dataphin.UpgradeKit.Insights;

namespace Dataphin.UpgradeKit.Relational;

/// <summary>
/// The group keys of one insights call's rows (<see cref="InsightsSql.Key"/>), each target version key parsed once: a
/// version has a row per status in the counts and per metric in the durations. Holds no more versions than the call read.
/// </summary>
internal sealed class InsightsKeys
{
    private readonly Dictionary<string, InsightsGroupKey> _versions = new(StringComparer.Ordinal);

    /// <summary>The key of a row's kind, mode and version key columns, or null for a group the row's metric has not.</summary>
    public InsightsGroupKey? Of(int kind, object mode, object tkey)
    {
        if ((InsightsGroupKind)kind != InsightsGroupKind.TargetVersion || tkey is not string text)
        {
            return InsightsSql.Key(kind, mode, tkey);
        }

        if (!_versions.TryGetValue(text, out var key))
        {
            key = InsightsSql.Key(kind, mode, tkey)!.Value;
            _versions[text] = key;
        }

        return key;
    }
}
