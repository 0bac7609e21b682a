using System.Text.Json.Serialization;

namespace Dataphin.UpgradeKit.Projections;

/// <summary>
/// The View Log panel of a record, ready to return from a host's HTTP API; serialise it with
/// <see cref="UpgradeKitJson.Options"/>.
/// </summary>
/// <param name="Id">The record's id.</param>
/// <param name="TargetVersion">The target version as written.</param>
/// <param name="InitialVersion">The initial version as written.</param>
/// <param name="Status">The status and its display name.</param>
/// <param name="ConfigurationFile">The configuration file to offer for download (never its content).</param>
/// <param name="Mode">The upgrade mode.</param>
/// <param name="DataServiceStudioMode">The DataService Studio upgrade mode.</param>
/// <param name="Upgrade">Upgrade start, end and total.</param>
/// <param name="Maintenance">Maintenance-mode start, end and total; null for zero-downtime records.</param>
/// <param name="Timeline">The nodes shown, in timeline order; null for zero-downtime records.</param>
public sealed record ViewLogPanel(
    UpgradeRecordId Id,
    string TargetVersion,
    string InitialVersion,
    CodeAndName<UpgradeStatus> Status,
    ConfigurationFileView ConfigurationFile,
    CodeAndName<UpgradeMode> Mode,
    CodeAndName<DataServiceStudioUpgradeMode> DataServiceStudioMode,
    TimeRangeView Upgrade,
    TimeRangeView? Maintenance,
    IReadOnlyList<TimelineNodeView>? Timeline)
{
    /// <summary>The culture whose texts the panel's names are in, e.g. <c>en</c> or <c>zh-CN</c>: the requested one, or the parent culture it fell back to.</summary>
    [JsonPropertyOrder(-1)]
    public string Culture { get; init; } = "en";
}
