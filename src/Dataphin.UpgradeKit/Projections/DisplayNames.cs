using System.Collections.Concurrent;
using System.Globalization;
using Dataphin.UpgradeKit.Actions;
using Dataphin.UpgradeKit.Display;
using Dataphin.UpgradeKit.Timeline;

namespace Dataphin.UpgradeKit.Projections;

/// <summary>
/// The display names of one culture, read from the resources once and kept, so that projecting a page of rows costs
/// array lookups instead of resource lookups. Thread-safe.
/// </summary>
internal sealed class DisplayNames
{
    private static readonly ConcurrentDictionary<CultureInfo, DisplayNames> Cache = new();

    private readonly CodeAndName<UpgradeStatus>[] _statuses;
    private readonly CodeAndName<UpgradeMode>[] _modes;
    private readonly CodeAndName<DataServiceStudioUpgradeMode>[] _dssModes;
    private readonly CodeAndName<DataUpdateTaskStatus>[] _taskStatuses;
    private readonly string[] _actions;
    private readonly string[] _nodes;

    private DisplayNames(CultureInfo culture)
    {
        Culture = culture;
        _statuses = Table<UpgradeStatus>(s => DisplayText.Status(s, culture));
        _modes = Table<UpgradeMode>(m => DisplayText.Mode(m, culture));
        _dssModes = Table<DataServiceStudioUpgradeMode>(m => DisplayText.DataServiceStudioMode(m, culture));
        _taskStatuses = Table<DataUpdateTaskStatus>(s => TimelineDisplayText.TaskStatus(s, culture));
        _actions = [.. Enum.GetValues<UpgradeAction>().Select(a => DisplayText.Action(a, culture))];
        _nodes = [.. Enum.GetValues<TimelineNodeKind>().Select(n => TimelineDisplayText.Node(n, culture))];
    }

    public CultureInfo Culture { get; }

    public static DisplayNames For(CultureInfo culture) => Cache.GetOrAdd(culture, static c => new DisplayNames(c));

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
            table[Convert.ToInt32(value, CultureInfo.InvariantCulture)] = new CodeAndName<T>(value, name(value));
        }

        return table;
    }
}
