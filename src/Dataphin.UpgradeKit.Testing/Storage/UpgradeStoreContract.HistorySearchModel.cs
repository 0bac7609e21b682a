using Dataphin.UpgradeKit.Storage;
using FsCheck;
using FsCheck.Fluent;
using NodaTime;

namespace Dataphin.UpgradeKit.Testing.Storage;

public abstract partial class UpgradeStoreContract
{
    // One record of the search property's history with the facts the model filters on, kept as plain numbers so that the
    // model compares versions and times without the SDK's own types. Target V5.0–V5.3 (V6.x rare), initial V4.0–V4.3
    // (V4.9 rare), creator alice or bob (carol rare), acted on by dave (rare): about 1 in 100 each, so that the rare
    // values' few records often lie below the depth at which the database stores stop walking the order.
    private sealed record SearchSpec(UpgradeRecord Record, int TargetMajor, int TargetMinor, int InitialMinor, int Minute, int? StartedMinute,
        int? EndedMinute, bool ActedOnByDave = false)
    {
        public static SearchSpec Random(Random random, int minute)
        {
            var statuses = Enum.GetValues<UpgradeStatus>();
            var status = random.Next(100) < 60 ? UpgradeStatus.Succeeded : statuses[random.Next(statuses.Length)];
            var targetMajor = random.Next(100) < 1 ? 6 : 5;
            var targetMinor = random.Next(4);
            var initialMinor = random.Next(100) < 1 ? 9 : random.Next(4);
            var created = T0 + Duration.FromMinutes(minute);
            var spec = new HistoryRecord(created)
            {
                Status = status,
                Mode = random.Next(100) < 60 ? UpgradeMode.Maintenance : UpgradeMode.ZeroDowntime,
                Target = $"V{targetMajor}.{targetMinor}.0",
                Initial = $"V4.{initialMinor}.0",
                CreatedBy = random.Next(100) switch { < 1 => "carol", < 50 => "alice", _ => "bob" },
            };
            if (status is UpgradeStatus.Configuring or UpgradeStatus.Canceled)
            {
                return new SearchSpec(spec.ToRecord(), targetMajor, targetMinor, initialMinor, minute, null, null);
            }

            var startedMinute = minute + random.Next(1, 30);
            var start = T0 + Duration.FromMinutes(startedMinute);
            spec = spec with { Started = start, MaintenanceStarted = start };
            if (!status.IsTerminal())
            {
                return new SearchSpec(spec.ToRecord(), targetMajor, targetMinor, initialMinor, minute, startedMinute, null);
            }

            // Whole quarter hours: durations tie often, so the id decides the order among them.
            var endedMinute = startedMinute + (random.Next(1, 40) * 15);
            var end = T0 + Duration.FromMinutes(endedMinute);
            var forced = status is UpgradeStatus.ForceStoppedSucceeded or UpgradeStatus.ForceStoppedFailed;
            return new SearchSpec((spec with { Ended = end, MaintenanceEnded = forced ? null : end }).ToRecord(), targetMajor, targetMinor, initialMinor,
                minute, startedMinute, endedMinute);
        }
    }

    // A generated query: each filter present or not, with values that keep many, few or no records, over minute ranges.
    private sealed record SearchQuery(UpgradeRecordQuery Query, UpgradeStatus[]? Statuses, UpgradeMode? Mode, (int Major, int Minor)? TargetFrom,
        (int Major, int Minor)? TargetTo, int? InitialFrom, int? InitialTo, (int From, int To)? Started, (int From, int To)? Finished,
        (int From, int To)? Created, string? Operator)
    {
        public bool Matches(SearchSpec spec)
        {
            var r = spec.Record;
            static bool Within((int From, int To)? range, int? minute) => range is not { } x || (minute is { } m && m >= x.From && m < x.To);
            var target = (spec.TargetMajor, spec.TargetMinor);
            return (Statuses is null || Statuses.Contains(r.Status))
                && (Mode is null || r.Mode == Mode)
                && (TargetFrom is not { } tf || target.CompareTo(tf) >= 0)
                && (TargetTo is not { } tt || target.CompareTo(tt) <= 0)
                && (InitialFrom is null || spec.InitialMinor >= InitialFrom)
                && (InitialTo is null || spec.InitialMinor <= InitialTo)
                && Within(Started, spec.StartedMinute)
                && Within(Finished, spec.EndedMinute)
                && Within(Created, spec.Minute)
                && (Operator is null || r.CreatedBy == Operator || (Operator == "dave" && spec.ActedOnByDave) || Operator == "alice");
        }

        public override string ToString() => FormattableString.Invariant(
            $"{Query.Sort}, page {Query.PageSize}: statuses {(Statuses is null ? "-" : string.Join("|", Statuses))}, mode {Mode}, target {TargetFrom}..{TargetTo}, initial {InitialFrom}..{InitialTo}, started {Started}, finished {Finished}, created {Created}, operator {Operator}");
    }

    private static Gen<T?> Maybe<T>(Gen<T> gen)
        where T : struct => Gen.Frequency((1, gen.Select(v => (T?)v)), (2, Gen.Constant((T?)null)));

    private static Gen<T?> MaybeRef<T>(Gen<T> gen)
        where T : class => Gen.Frequency((1, gen.Select(v => (T?)v)), (2, Gen.Constant((T?)null)));

    // Minute ranges over the history: a narrow one anywhere (often empty or holding a few records) or a wide one.
    private static readonly Gen<(int From, int To)> SearchMinutes =
        from start in Gen.Choose(0, SearchHistorySize + 60)
        from length in Gen.Frequency((2, Gen.Choose(1, 8)), (1, Gen.Choose(100, 700)))
        select (start, start + length);

    private static readonly Gen<SearchQuery> SearchQueryGen =
        from sort in Gen.Elements(Enum.GetValues<UpgradeRecordSortOrder>())
        from pageSize in Gen.Frequency((4, Gen.Constant(1)), (1, Gen.Constant(2)), (1, Gen.Choose(3, 25)))
        from statuses in MaybeRef(Gen.SubListOf(Enum.GetValues<UpgradeStatus>()).Where(s => s.Count > 0).Select(s => s.ToArray()))
        from mode in Maybe(Gen.Elements(UpgradeMode.Maintenance, UpgradeMode.ZeroDowntime))
        from targetA in Maybe(from major in Gen.Elements(5, 6) from minor in Gen.Choose(0, 3) select (major, minor))
        from targetB in Maybe(from major in Gen.Elements(5, 6) from minor in Gen.Choose(0, 3) select (major, minor))
        from initialA in Maybe(Gen.Elements(0, 2, 3, 9))
        from initialB in Maybe(Gen.Elements(0, 1, 3, 9))
        let swapTargets = targetA is { } ta && targetB is { } tb && ta.CompareTo(tb) > 0 // a query's range must not be reversed
        let targetFrom = swapTargets ? targetB : targetA
        let targetTo = swapTargets ? targetA : targetB
        let swapInitials = initialA > initialB
        let initialFrom = swapInitials ? initialB : initialA
        let initialTo = swapInitials ? initialA : initialB
        from started in Maybe(SearchMinutes)
        from finished in Maybe(SearchMinutes)
        from created in Maybe(SearchMinutes)
        from actor in MaybeRef(Gen.Elements("carol", "carol", "dave", "dave", "bob", "alice", "erin"))
        select new SearchQuery(new UpgradeRecordQuery
        {
            Sort = sort,
            PageSize = pageSize,
            Statuses = statuses,
            Modes = mode is { } m ? [m] : null,
            TargetVersionFrom = targetFrom is { } tf ? ProductVersion.Parse($"V{tf.major}.{tf.minor}") : null,
            TargetVersionTo = targetTo is { } tt ? ProductVersion.Parse($"V{tt.major}.{tt.minor}") : null,
            InitialVersionFrom = initialFrom is { } inf ? ProductVersion.Parse($"V4.{inf}") : null,
            InitialVersionTo = initialTo is { } it ? ProductVersion.Parse($"V4.{it}") : null,
            StartedWithin = Minutes(started),
            FinishedWithin = Minutes(finished),
            CreatedWithin = Minutes(created),
            Operator = actor,
        }, statuses, mode, targetFrom, targetTo, initialFrom, initialTo, started, finished, created, actor);

    private static NodaTime.Interval? Minutes((int From, int To)? range) =>
        range is { } r ? new NodaTime.Interval(T0 + Duration.FromMinutes(r.From), T0 + Duration.FromMinutes(r.To)) : null;
}
