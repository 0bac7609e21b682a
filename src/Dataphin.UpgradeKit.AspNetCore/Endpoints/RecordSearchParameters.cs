using System.ComponentModel;
using System.Globalization;
using Dataphin.UpgradeKit.Storage;
using Microsoft.AspNetCore.Mvc;
using NodaTime;
using NodaTime.Text;

namespace Dataphin.UpgradeKit.AspNetCore.Endpoints;

/// <summary>
/// The query string of the records list and of its reports: every filter of the history search, the order and the
/// page. Bound with <c>[AsParameters]</c>, so each property is one described query parameter. Absent means no filter.
/// </summary>
internal sealed class RecordSearchParameters
{
    [FromQuery(Name = "status")]
    [Description("Statuses to keep (repeatable or comma-separated), e.g. Succeeded,Failed.")]
    public string[]? Status { get; set; }

    [FromQuery(Name = "outcome")]
    [Description("Outcome categories to keep (repeatable or comma-separated): Running, Succeeded, Failed, Stopped, ForceStopped, Canceled.")]
    public string[]? Outcome { get; set; }

    [FromQuery(Name = "mode")]
    [Description("Upgrade modes to keep (repeatable or comma-separated): Maintenance, ZeroDowntime.")]
    public string[]? Mode { get; set; }

    [FromQuery(Name = "version")]
    [Description("Only records whose target or initial version equals this one numerically, e.g. V5.1.0.")]
    public string? Version { get; set; }

    [FromQuery(Name = "targetFrom")]
    [Description("Lowest target version, inclusive, compared numerically (V4.10 is above V4.9).")]
    public string? TargetFrom { get; set; }

    [FromQuery(Name = "targetTo")]
    [Description("Highest target version, inclusive.")]
    public string? TargetTo { get; set; }

    [FromQuery(Name = "initialFrom")]
    [Description("Lowest initial version, inclusive.")]
    public string? InitialFrom { get; set; }

    [FromQuery(Name = "initialTo")]
    [Description("Highest initial version, inclusive.")]
    public string? InitialTo { get; set; }

    [FromQuery(Name = "createdFrom")]
    [Description("Records created at or after this instant (ISO-8601, e.g. 2026-03-01T00:00:00Z).")]
    public string? CreatedFrom { get; set; }

    [FromQuery(Name = "createdTo")]
    [Description("Records created before this instant (ISO-8601).")]
    public string? CreatedTo { get; set; }

    [FromQuery(Name = "startedFrom")]
    [Description("Upgrades started at or after this instant (ISO-8601).")]
    public string? StartedFrom { get; set; }

    [FromQuery(Name = "startedTo")]
    [Description("Upgrades started before this instant (ISO-8601).")]
    public string? StartedTo { get; set; }

    [FromQuery(Name = "finishedFrom")]
    [Description("Upgrades that ended at or after this instant (ISO-8601).")]
    public string? FinishedFrom { get; set; }

    [FromQuery(Name = "finishedTo")]
    [Description("Upgrades that ended before this instant (ISO-8601).")]
    public string? FinishedTo { get; set; }

    [FromQuery(Name = "operator")]
    [Description("Only records this operator created or acted on.")]
    public string? Operator { get; set; }

    [FromQuery(Name = "sort")]
    [Description("Order: NewestFirst (default), LongestUpgradeFirst, ShortestUpgradeFirst, LongestMaintenanceFirst, ShortestMaintenanceFirst. A duration order lists finished records only.")]
    public string? Sort { get; set; }

    [FromQuery(Name = "pageSize")]
    [Description("Records per page, 1 to 500.")]
    public string? PageSize { get; set; }

    [FromQuery(Name = "continuationToken")]
    [Description("The continuationToken of the previous page, with the same filters and order.")]
    public string? ContinuationToken { get; set; }

    /// <summary>The query these parameters describe.</summary>
    /// <exception cref="ArgumentException">A parameter cannot be read; the message names it and what it accepts.</exception>
    public UpgradeRecordQuery ToQuery(int defaultPageSize)
    {
        var size = defaultPageSize;
        if (PageSize is not null && !int.TryParse(PageSize, NumberStyles.None, CultureInfo.InvariantCulture, out size))
        {
            throw new ArgumentException($"pageSize must be a whole number from 1 to {UpgradeRecordQuery.MaxPageSize}.");
        }

        var targetFrom = VersionOf(TargetFrom, "targetFrom");
        var targetTo = VersionOf(TargetTo, "targetTo");
        var initialFrom = VersionOf(InitialFrom, "initialFrom");
        var initialTo = VersionOf(InitialTo, "initialTo");
        CheckRange(targetFrom, targetTo, "target");
        CheckRange(initialFrom, initialTo, "initial");
        return new UpgradeRecordQuery
        {
            Statuses = Names<UpgradeStatus>(Status, "status", "an upgrade status"),
            Outcomes = Names<UpgradeOutcomeCategory>(Outcome, "outcome", "an outcome category"),
            Modes = Names<UpgradeMode>(Mode, "mode", "an upgrade mode"),
            Version = VersionOf(Version, "version"),
            TargetVersionFrom = targetFrom,
            TargetVersionTo = targetTo,
            InitialVersionFrom = initialFrom,
            InitialVersionTo = initialTo,
            CreatedWithin = IntervalOf(CreatedFrom, CreatedTo, "created"),
            StartedWithin = IntervalOf(StartedFrom, StartedTo, "started"),
            FinishedWithin = IntervalOf(FinishedFrom, FinishedTo, "finished"),
            Operator = string.IsNullOrWhiteSpace(Operator) ? null : Operator.Trim(),
            Sort = string.IsNullOrEmpty(Sort) ? UpgradeRecordSortOrder.NewestFirst : Single<UpgradeRecordSortOrder>(Sort, "sort", "an order"),
            PageSize = size,
            ContinuationToken = string.IsNullOrEmpty(ContinuationToken) ? null : ContinuationToken,
        };
    }

    /// <summary>Reads an instant written as ISO-8601 (<c>2026-03-01T08:00:00Z</c>, fractions allowed).</summary>
    internal static Instant? InstantOf(string? text, string name)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        var parsed = InstantPattern.ExtendedIso.Parse(text);
        return parsed.Success ? parsed.Value : throw new ArgumentException($"{name} must be an ISO-8601 instant such as 2026-03-01T08:00:00Z.");
    }

    internal static Interval? IntervalOf(string? from, string? to, string name)
    {
        var start = InstantOf(from, name + "From");
        var end = InstantOf(to, name + "To");
        if (start is null && end is null)
        {
            return null;
        }

        if (start is { } s && end is { } e && e < s)
        {
            throw new ArgumentException($"{name}To is before {name}From.");
        }

        return new Interval(start, end);
    }

    internal static List<T>? Names<T>(string[]? values, string name, string what)
        where T : struct, Enum
    {
        List<T>? parsed = null;
        foreach (var value in values ?? [])
        {
            foreach (var part in (value ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                (parsed ??= []).Add(Single<T>(part, name, what));
            }
        }

        return parsed;
    }

    private static T Single<T>(string part, string name, string what)
        where T : struct, Enum
    {
        if (char.IsAsciiDigit(part[0]) || part[0] == '-' || !Enum.TryParse<T>(part, ignoreCase: true, out var value) || !Enum.IsDefined(value))
        {
            throw new ArgumentException($"'{part}' in {name} is not {what}; use one of {string.Join(", ", Enum.GetNames<T>())}.");
        }

        return value;
    }

    // A reversed range is refused in the query's own words, as a reversed interval is (the query's check names its
    // properties instead, for callers of the service).
    private static void CheckRange(ProductVersion? from, ProductVersion? to, string name)
    {
        if (from is { } low && to is { } high && low > high)
        {
            throw new ArgumentException($"{name}To ({high}) is below {name}From ({low}).");
        }
    }

    private static ProductVersion? VersionOf(string? text, string name)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        return ProductVersion.TryParse(text, out var version)
            ? version
            : throw new ArgumentException($"{name} must be a product version such as V5.1.0.");
    }
}
