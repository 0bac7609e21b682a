using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
using Dataphin.UpgradeKit.Display;
using Dataphin.UpgradeKit.Timeline;

namespace Dataphin.UpgradeKit.Projections;

/// <summary>
/// The display names of one culture from one <see cref="UpgradeKitTexts"/>, read once and kept, so that projecting a
/// page of rows costs array lookups instead of resource lookups. Thread-safe.
/// </summary>
internal sealed class DisplayNames
{
    // Per texts instance (a host has one, or a few in tests), then per requested culture (bounded by the cultures asked for).
    private static readonly ConditionalWeakTable<UpgradeKitTexts, ConcurrentDictionary<CultureInfo, DisplayNames>> Cache = new();

    private readonly CodeAndName<UpgradeStatus>[] _statuses;
    private readonly CodeAndName<UpgradeMode>[] _modes;
    private readonly CodeAndName<DataServiceStudioUpgradeMode>[] _dssModes;
    private readonly CodeAndName<DataUpdateTaskStatus>[] _taskStatuses;
    private readonly string[] _actions;
    private readonly string[] _nodes;

    private DisplayNames(UpgradeKitTexts texts, CultureInfo culture)
    {
        Culture = texts.Resolve(culture).Name;
        _statuses = Table<UpgradeStatus>(s => texts.Status(s, culture));
        _modes = Table<UpgradeMode>(m => texts.Mode(m, culture));
        _dssModes = Table<DataServiceStudioUpgradeMode>(m => texts.DataServiceStudioMode(m, culture));
        _taskStatuses = Table<DataUpdateTaskStatus>(s => texts.GetString("TaskStatus_" + s, culture));
        _actions = [.. Enum.GetValues<UpgradeAction>().Select(a => texts.Action(a, culture))];
        _nodes = [.. Enum.GetValues<TimelineNodeKind>().Select(n => texts.GetString("Node_" + n, culture))];
    }

    /// <summary>The name of the culture whose texts these are (<see cref="UpgradeKitTexts.Resolve"/>), e.g. <c>zh-Hans</c>.</summary>
    public string Culture { get; }

    public static DisplayNames For(UpgradeKitTexts texts, CultureInfo culture) =>
        Cache.GetValue(texts, static _ => new ConcurrentDictionary<CultureInfo, DisplayNames>())
            .GetOrAdd(culture, static (c, t) => new DisplayNames(t, c), texts);

    public CodeAndName<UpgradeStatus> Status(UpgradeStatus status) => _statuses[(int)status];

    public CodeAndName<UpgradeMode> Mode(UpgradeMode mode) => _modes[(int)mode];

    public CodeAndName<DataServiceStudioUpgradeMode> DataServiceStudioMode(DataServiceStudioUpgradeMode mode) => _dssModes[(int)mode];

    public CodeAndName<DataUpdateTaskStatus> TaskStatus(DataUpdateTaskStatus status) => _taskStatuses[(int)status];

    public string Action(UpgradeAction action) => _actions[(int)action];

    public string Node(TimelineNodeKind node) => _nodes[(int)node];

    /// <summary>An array indexed by the enum's value (every enum here is small and dense from 0 or 1).</summary>
    private static CodeAndName<T>[] Table<T>(Func<T, string> name)
        where T : struct, Enum
    {
        var values = Enum.GetValues<T>();
        var table = new CodeAndName<T>[values.Max(v => Convert.ToInt32(v, CultureInfo.InvariantCulture)) + 1];
        foreach (var value in values)
        {
            table[Convert.ToInt32(value, CultureInfo.InvariantCulture)] = new CodeAndName<T> { Code = value, Name = name(value) };
        }

        return table;
    }
}
