using System.Globalization;
using Dataphin.UpgradeKit.Auditing;
using Dataphin.UpgradeKit.Storage;
using NodaTime;

namespace Dataphin.UpgradeKit.Benchmarks.History;

/// <summary>
/// The filters the history benchmarks combine, with values chosen against <see cref="HistoryData"/>'s shape so that
/// each keeps between about 1 % and 60 % of the records alone, and some combinations keep none (the hardest case for
/// an index walk in the list's order: it reads to the end of the index to prove the page empty).
/// </summary>
internal static class HistoryQueries
{
    public sealed record Filter(string Name, Func<UpgradeRecordQuery, UpgradeRecordQuery> Apply);

    public sealed record AuditFilter(string Name, Func<AuditTrailQuery, AuditTrailQuery> Apply);

    private static Interval Within(int year, int month, int months)
    {
        var start = Instant.FromUtc(year, month, 1, 0, 0);
        return new Interval(start, start.InUtc().LocalDateTime.PlusMonths(months).InUtc().ToInstant());
    }

    /// <summary>The nine filters of the list (R-HIST-1's eight plus the creation interval of the first list).</summary>
    public static readonly IReadOnlyList<Filter> Filters =
    [
        new("status", q => q with { Statuses = [UpgradeStatus.Failed, UpgradeStatus.ForceStoppedFailed] }),
        new("mode", q => q with { Modes = [UpgradeMode.Maintenance] }),
        new("target", q => q with { TargetVersionFrom = ProductVersion.Parse("V6.0.0"), TargetVersionTo = ProductVersion.Parse("V6.11.99") }),
        new("initial", q => q with { InitialVersionFrom = ProductVersion.Parse("V4.0.0"), InitialVersionTo = ProductVersion.Parse("V4.11.99") }),
        new("started", q => q with { StartedWithin = Within(2023, 1, 6) }),
        new("finished", q => q with { FinishedWithin = Within(2024, 1, 3) }),
        new("operator", q => q with { Operator = "operator-050" }),
        new("outcome", q => q with { Outcomes = [UpgradeOutcomeCategory.Failed, UpgradeOutcomeCategory.Stopped] }),
        new("created", q => q with { CreatedWithin = Within(2022, 1, 12) }),
    ];

    /// <summary>The audit query's five filters.</summary>
    public static readonly IReadOnlyList<AuditFilter> AuditFilters =
    [
        new("actor", q => q with { Actor = "operator-050" }),
        new("operations", q => q with { Operations = [UpgradeOperation.Start, UpgradeOperation.Complete] }),
        new("refused", q => q with { Outcome = AuditOutcome.Refused }),
        new("within", q => q with { Within = Within(2023, 1, 3) }),
        new("record", q => q with { RecordId = new UpgradeRecordId(Guid.Parse(RecordIdOf(1234))) }),
    ];

    /// <summary>The id the PostgreSQL generator gives record <paramref name="g"/> (<c>md5('r' || g)::uuid</c>).</summary>
    public static string RecordIdOf(int g)
    {
#pragma warning disable CA5351 // Not security: the generator's ids are md5('r' || g).
        var hash = System.Security.Cryptography.MD5.HashData(System.Text.Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"r{g}")));
#pragma warning restore CA5351
        return Convert.ToHexStringLower(hash);
    }

    /// <summary>Every subset of at most <paramref name="most"/> of <paramref name="count"/> filters, as bit masks, the empty one first.</summary>
    public static IEnumerable<int> Subsets(int count, int most) =>
        Enumerable.Range(0, 1 << count).Where(mask => int.PopCount(mask) <= most).OrderBy(int.PopCount).ThenBy(mask => mask);

    public static UpgradeRecordQuery Records(int mask, UpgradeRecordSortOrder sort)
    {
        var query = new UpgradeRecordQuery { Sort = sort };
        for (var i = 0; i < Filters.Count; i++)
        {
            if ((mask & (1 << i)) != 0)
            {
                query = Filters[i].Apply(query);
            }
        }

        return query;
    }

    public static AuditTrailQuery Audit(int mask)
    {
        var query = new AuditTrailQuery();
        for (var i = 0; i < AuditFilters.Count; i++)
        {
            if ((mask & (1 << i)) != 0)
            {
                query = AuditFilters[i].Apply(query);
            }
        }

        return query;
    }

    public static string Name(int mask, UpgradeRecordSortOrder sort)
    {
        var names = Filters.Where((_, i) => (mask & (1 << i)) != 0).Select(f => f.Name).ToList();
        return (names.Count == 0 ? "no filter" : string.Join(" + ", names)) + (sort == UpgradeRecordSortOrder.NewestFirst ? string.Empty : $" ({sort})");
    }

    public static string AuditName(int mask)
    {
        var names = AuditFilters.Where((_, i) => (mask & (1 << i)) != 0).Select(f => f.Name).ToList();
        return names.Count == 0 ? "no filter" : string.Join(" + ", names);
    }
}
