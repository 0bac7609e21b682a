using Dataphin.UpgradeKit.Operators;
using Dataphin.UpgradeKit.Testing.Model;
using Dataphin.UpgradeKit.Timeline;
using FsCheck;
using FsCheck.Fluent;
using NodaTime;

namespace Dataphin.UpgradeKit.Testing.Arbitraries;

/// <summary>
/// FsCheck generators for hosts' property tests of the upgrade lifecycle: operators with and without the O&amp;M
/// qualification, rule options, operator histories with clock skew, races, records in any status, timeline event
/// streams and hostile inputs. Every generator is deterministic for a seed (see <see cref="KitCheck"/>).
/// </summary>
public static class UpgradeKitArbitraries
{
    /// <summary>The role the SDK's default qualification asks of a qualified O&amp;M engineer.</summary>
    public const string QualifiedRole = UpgradeKitOptions.DefaultQualifiedOperatorRole;

    /// <summary>A qualified O&amp;M engineer.</summary>
    public static OperatorIdentity QualifiedOperator { get; } = new("olivia", "Olivia", [QualifiedRole]);

    /// <summary>An operator without the qualification.</summary>
    public static OperatorIdentity Operator { get; } = new("oscar", "Oscar");

    /// <summary>An operator with another role only.</summary>
    public static OperatorIdentity Viewer { get; } = new("vera", "Vera", ["viewer"]);

    /// <summary>The most requests a history of <see cref="Histories()"/> holds after the creation.</summary>
    public const int DefaultLength = 12;

    private static readonly UpgradeStatus[] Statuses = Enum.GetValues<UpgradeStatus>();

    /// <summary>Operators with and without the qualification.</summary>
    public static Gen<OperatorIdentity> Operators() => Gen.Elements(QualifiedOperator, Operator, Viewer);

    /// <summary>
    /// Rule options of every shape: the defaults (null), or View log statuses left to the default, empty, any subset
    /// (duplicates included), either Stop window reading, either cancel rule.
    /// </summary>
    public static Gen<LifecycleRuleOptions?> RuleOptions() =>
        from useDefaults in Gen.Frequency((1, Gen.Constant(true)), (3, Gen.Constant(false)))
        from viewLog in Gen.Frequency(
            (1, Gen.Constant<IList<UpgradeStatus>?>(null)),
            (3, Gen.ListOf(Gen.Elements(Statuses)).Select(list => (IList<UpgradeStatus>?)[.. list])))
        from strict in Gen.Elements(StopWindowReading.Literal, StopWindowReading.Strict)
        from remove in Gen.Elements(true, false)
        from reasons in Gen.Frequency(
            (1, Gen.Constant<IList<UpgradeAction>?>(null)),
            (3, Gen.SubListOf(LifecycleRuleOptions.ReasonActions.ToArray()).Select(list => (IList<UpgradeAction>?)[.. list])))
        select useDefaults ? null : new LifecycleRuleOptions
        {
            ViewLogStatuses = viewLog,
            StopWindow = strict,
            RemoveCanceledWithoutConfiguration = remove,
            ReasonRequiredFor = reasons,
        };

    /// <summary>
    /// How far the clock moves before a request: mostly forward (seconds to hours), sometimes not at all, and sometimes
    /// back (clock skew between host instances), so that ends before their starts are attempted.
    /// </summary>
    public static Gen<Duration> ClockSteps() => Gen.Frequency(
        (6, Gen.Choose(1, 7200).Select(s => Duration.FromSeconds(s))),
        (1, Gen.Constant(Duration.Zero)),
        (2, Gen.Choose(-10_800, -1).Select(s => Duration.FromSeconds(s))));

    /// <summary>Requests of every kind, with their options; operators' requests by any operator.</summary>
    public static Gen<ModelRequest> Requests() =>
        from operation in Gen.Frequency(
            (3, Gen.Constant(UpgradeOperation.Start)),
            (3, Gen.Constant(UpgradeOperation.ReportProgress)),
            (2, Gen.Constant(UpgradeOperation.CompleteSteps)),
            (2, Gen.Constant(UpgradeOperation.Fail)),
            (2, Gen.Constant(UpgradeOperation.ExitMaintenanceMode)),
            (2, Gen.Constant(UpgradeOperation.SaveConfiguration)),
            (1, Gen.Constant(UpgradeOperation.ResumeUpgrade)),
            (1, Gen.Constant(UpgradeOperation.ResumeVerification)),
            (1, Gen.Constant(UpgradeOperation.Cancel)),
            (2, Gen.Constant(UpgradeOperation.Stop)),
            (2, Gen.Constant(UpgradeOperation.ForceStop)),
            (2, Gen.Constant(UpgradeOperation.Complete)))
        from actor in Operators()
        from rerun in Gen.Elements(true, false)
        from result in Gen.Frequency((1, Gen.Constant<ForceStopResult?>(null)), (3, Gen.Elements<ForceStopResult?>(ForceStopResult.Succeeded, ForceStopResult.Failed)))
        from declaration in Gen.Frequency((1, Gen.Constant(false)), (3, Gen.Constant(true)))
        from ran in Gen.Elements(true, false)
        from shutdown in Gen.Elements(true, false)
        from step in Gen.Elements<string?>(null, "backup", "stop-services", "data-update")
        from file in Gen.Elements("upgrade-config.yaml", "cfg.json", "配置.yaml")
        from length in Gen.Choose(0, 64)
        from failure in Gen.Elements<string?>(null, "database backup failed", "service did not start")
        from reason in Reasons()
        select new ModelRequest
        {
            Operation = operation,
            Operator = IsHostReport(operation) ? null : actor,
            RerunForceStoppedInstances = rerun,
            DeclaredResult = result,
            DeclarationAccepted = declaration,
            ForceStopTaskRan = ran,
            ApplicationShutdownStarted = shutdown,
            CurrentStep = step,
            ConfigurationFileName = file,
            ConfigurationLength = length,
            FailureReason = failure,
            Reason = reason,
        };

    /// <summary>An operator's reason: mostly a valid one (plain, Chinese, with quotes and markup), sometimes none.</summary>
    public static Gen<string?> Reasons() => Gen.Frequency(
        (1, Gen.Constant<string?>(null)),
        (3, Gen.Elements<string?>("Rolled back by hand after the backup failed", "已手动回滚", "<b>\"quoted\"</b> & more", new string('x', 500))));

    /// <summary>Histories of up to <paramref name="maxLength"/> requests under generated rules, in either mode.</summary>
    /// <param name="maxLength">The most requests after the creation.</param>
    public static Gen<OperatorHistory> HistoryGen(int maxLength) =>
        from rules in RuleOptions()
        from mode in Gen.Elements(UpgradeMode.Maintenance, UpgradeMode.ZeroDowntime)
        from length in Gen.Choose(1, maxLength)
        from steps in Gen.ArrayOf(Gen.Zip(ClockSteps(), Requests()).Select(p => new HistoryStep { ClockStep = p.Item1, Request = p.Item2 }), length)
        select new OperatorHistory { Rules = rules, Mode = mode, Steps = steps };

    /// <summary><see cref="HistoryGen(int)"/> under fixed <paramref name="rules"/>.</summary>
    /// <param name="rules">The host's rules.</param>
    /// <param name="maxLength">The most requests after the creation.</param>
    public static Gen<OperatorHistory> HistoryGen(LifecycleRuleOptions? rules, int maxLength) =>
        HistoryGen(maxLength).Select(h => h with { Rules = rules });

    /// <summary>Histories under generated rules (no shrinking: a failing history is printed whole).</summary>
    public static Arbitrary<OperatorHistory> Histories() => HistoryGen(DefaultLength).ToArbitrary();

    /// <summary>Histories under fixed <paramref name="rules"/>.</summary>
    /// <param name="rules">The host's rules.</param>
    public static Arbitrary<OperatorHistory> Histories(LifecycleRuleOptions? rules) => HistoryGen(rules, DefaultLength).ToArbitrary();

    /// <summary>
    /// Two operators' requests racing on one record: cancel or save while Configuring, stop or force-stop while
    /// Upgrading, complete while Verifying, each pair sent with the same version.
    /// </summary>
    public static Gen<RaceCase> RaceGen() =>
        from rules in RuleOptions()
        from mode in Gen.Elements(UpgradeMode.Maintenance, UpgradeMode.ZeroDowntime)
        from saved in Gen.Elements(true, false)
        from stage in Gen.Choose(0, 2)
        from pick in Gen.Choose(0, 2)
        from rerun in Gen.Elements(true, false)
        from result in Gen.Elements(ForceStopResult.Succeeded, ForceStopResult.Failed)
        select Race(rules, mode, saved, stage, pick, rerun, result);

    /// <summary>Races under generated rules.</summary>
    public static Arbitrary<RaceCase> Races() => RaceGen().ToArbitrary();

    /// <summary>Races under fixed <paramref name="rules"/>.</summary>
    /// <param name="rules">The host's rules.</param>
    public static Arbitrary<RaceCase> Races(LifecycleRuleOptions? rules) =>
        RaceGen().Select(race => race with { Prefix = race.Prefix with { Rules = rules } }).ToArbitrary();

    /// <summary>
    /// Fixed histories under <paramref name="rules"/> that take a record, in either mode, into every status, through
    /// each progress fact on its own, asked about by a qualified and an unqualified operator: the cases a generated
    /// run may miss.
    /// </summary>
    /// <param name="rules">The host's rules.</param>
    public static IReadOnlyList<OperatorHistory> Tours(LifecycleRuleOptions? rules)
    {
        static HistoryStep Step(ModelRequest request) => new() { ClockStep = Duration.FromMinutes(5), Request = request };
        var look = new[]
        {
            Step(new ModelRequest { Operation = UpgradeOperation.ResumeUpgrade, Operator = QualifiedOperator }),
            Step(new ModelRequest { Operation = UpgradeOperation.ResumeUpgrade, Operator = Operator }),
        };
        var start = Step(new ModelRequest { Operation = UpgradeOperation.Start });
        ModelRequest Progress(bool ran, bool shutdown) => new() { Operation = UpgradeOperation.ReportProgress, ForceStopTaskRan = ran, ApplicationShutdownStarted = shutdown };
        ModelRequest ForceStop(ForceStopResult result) =>
            new() { Operation = UpgradeOperation.ForceStop, Operator = QualifiedOperator, DeclaredResult = result, DeclarationAccepted = true, Reason = "finished by hand" };
        ModelRequest[][] tours =
        [
            [Progress(true, false), new() { Operation = UpgradeOperation.Stop, Operator = Operator, RerunForceStoppedInstances = true }],
            [Progress(false, true), Progress(true, false), new() { Operation = UpgradeOperation.Stop, Operator = Operator }, ForceStop(ForceStopResult.Succeeded)],
            [ForceStop(ForceStopResult.Failed)],
            [new() { Operation = UpgradeOperation.CompleteSteps }, new() { Operation = UpgradeOperation.ResumeVerification, Operator = Operator }, new() { Operation = UpgradeOperation.Complete, Operator = Operator }],
            [new() { Operation = UpgradeOperation.Fail, FailureReason = "backup failed" }, new() { Operation = UpgradeOperation.ExitMaintenanceMode }],
        ];
        var histories = new List<OperatorHistory>();
        foreach (var mode in new[] { UpgradeMode.Maintenance, UpgradeMode.ZeroDowntime })
        {
            histories.AddRange(tours.Select(tour => new OperatorHistory { Rules = rules, Mode = mode, Steps = [.. look, start, .. tour.Select(Step)] }));
            histories.Add(new OperatorHistory { Rules = rules, Mode = mode, Steps = [.. look, Step(new ModelRequest { Operation = UpgradeOperation.Cancel, Operator = Operator })] });
            histories.Add(new OperatorHistory
            {
                Rules = rules,
                Mode = mode,
                Steps = [.. look, Step(new ModelRequest { Operation = UpgradeOperation.SaveConfiguration, Operator = Operator }), Step(new ModelRequest { Operation = UpgradeOperation.Cancel, Operator = Operator })],
            });
        }

        return histories;
    }

    /// <summary>Records in any status, with times and facts that status can have.</summary>
    public static Gen<UpgradeRecord> Records() =>
        from status in Gen.Elements(Statuses)
        from mode in Gen.Elements(UpgradeMode.Maintenance, UpgradeMode.ZeroDowntime)
        from created in Gen.Choose(0, 1_000_000).Select(s => OperatorHistory.Origin + Duration.FromSeconds(s))
        from started in Gen.Choose(1, 3600).Select(s => created + Duration.FromSeconds(s))
        from length in Gen.Choose(0, 36_000).Select(s => Duration.FromSeconds(s))
        from ran in Gen.Elements(true, false)
        from shutdown in Gen.Elements(true, false)
        from saved in Gen.Elements(true, false)
        select RecordIn(status, mode, created, started, started + length, ran, shutdown, saved);

    /// <summary>
    /// Timeline event streams as reporters deliver them: shuffled, with duplicates, and sometimes contradictory (an end
    /// before its start, a finish without a start).
    /// </summary>
    public static Gen<IReadOnlyList<TimelineEvent>> TimelineStreams() =>
        from events in Gen.NonEmptyListOf(TimelineEventGen())
        from copies in Gen.ArrayOf(Gen.Frequency((4, Gen.Constant(1)), (1, Gen.Choose(2, 3))), events.Count)
        from keys in Gen.ArrayOf(Gen.Choose(0, 1_000_000), events.Sum(_ => 3))
        select (IReadOnlyList<TimelineEvent>)[.. events.SelectMany((e, i) => Enumerable.Repeat(e, copies[i])).Select((e, i) => (e, k: keys[i % keys.Length])).OrderBy(p => p.k).Select(p => p.e)];

    /// <summary>
    /// Details links of every kind a browser might meet: safe absolute and root-relative ones, and hostile ones
    /// (script and data schemes hidden by case, control characters, tabs, newlines and backslashes; protocol-relative and
    /// credentials-carrying URLs).
    /// </summary>
    public static Gen<string> HostileLinks() => Gen.OneOf(
        Gen.Elements(
            "https://ops.example/tasks/1", "http://ops.example/t?a=1&b=2", "/ops/tasks/9", "  https://ops.example/x  ",
            "javascript:alert(1)", "JaVaScRiPt:alert(1)", " \u0001javascript:alert(1)", "java\tscript:alert(1)", "java\nscript:alert(1)",
            "data:text/html,<script>alert(1)</script>", "vbscript:msgbox", "//evil.example/x", "\\\\evil.example\\x", "/\\evil.example",
            "https:evil.example", "https://user:pass@evil.example", "", " ", "ops/tasks/1", "file:///etc/passwd", "\u2028https://x.example"),
        from prefix in Gen.Elements("", " ", "\t", "\u0000", "\u001f")
        from scheme in Gen.Elements("https://", "http://", "javascript:", "//", "/", "\\\\", "HTTPS://")
        from body in Gen.Elements("ops.example/a", "alert(1)", "evil.example", "a b")
        select prefix + scheme + body);

    /// <summary>
    /// Version texts, well-formed and not: with and without the <c>V</c> prefix, extra components, leading zeros,
    /// overflowing numbers, signs and letters.
    /// </summary>
    public static Gen<string> HostileVersions() => Gen.OneOf(
        Gen.Elements("V4.3.0", "4.3", "v5.1.2", "5.1.2.0", "05.01.2", "V", "", " ", "5..1", "5.1.", "-5.1", "+5.1", "5.1a",
            "99999999999999999999.0", "Ⅴ5.1", "5.1.2\n", "V 5.1"),
        from parts in Gen.NonEmptyListOf(Gen.Choose(0, 20))
        from prefix in Gen.Elements("", "V", "v")
        select prefix + string.Join(".", parts));

    /// <summary>Pairs of version texts that are numerically equal but written differently (trailing zeros, prefix, leading zeros).</summary>
    public static Gen<(string Left, string Right)> EqualVersionPairs() =>
        from parts in Gen.NonEmptyListOf(Gen.Choose(0, 20))
        from zeros in Gen.Choose(0, 2)
        from prefix in Gen.Elements("", "V", "v")
        from pad in Gen.Elements(true, false)
        select (string.Join(".", parts), prefix + string.Join(".", parts.Select(p => pad ? p.ToString("00", System.Globalization.CultureInfo.InvariantCulture) : p.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Concat(Enumerable.Repeat("0", zeros))));

    private static bool IsHostReport(UpgradeOperation operation) => operation is UpgradeOperation.Start or UpgradeOperation.ReportProgress
        or UpgradeOperation.CompleteSteps or UpgradeOperation.Fail or UpgradeOperation.ExitMaintenanceMode;

    private static Gen<TimelineEvent> TimelineEventGen() =>
        from kind in Gen.Elements(Enum.GetValues<TimelineEventKind>())
        from subject in Gen.Elements("api", "metadb", "task-1", "task-2")
        from seconds in Gen.Choose(-60, 600)
        from outcome in Gen.Elements(DataUpdateTaskOutcome.Success, DataUpdateTaskOutcome.Failed, DataUpdateTaskOutcome.Skipped)
        from link in Gen.Elements<string?>(null, "/ops/tasks/1", "https://ops.example/t/3")
        select kind == TimelineEventKind.DataUpdateTaskFinished
            ? new TimelineEvent { Kind = kind, Subject = subject, At = OperatorHistory.Origin + Duration.FromSeconds(seconds), Outcome = outcome, DetailsLink = link }
            : kind == TimelineEventKind.DataUpdateTaskStarted
                ? new TimelineEvent { Kind = kind, Subject = subject, At = OperatorHistory.Origin + Duration.FromSeconds(seconds), DetailsLink = link }
                : new TimelineEvent { Kind = kind, Subject = subject, At = OperatorHistory.Origin + Duration.FromSeconds(seconds) };

    private static RaceCase Race(LifecycleRuleOptions? rules, UpgradeMode mode, bool saved, int stage, int pick, bool rerun, ForceStopResult result)
    {
        HistoryStep Step(ModelRequest request) => new() { ClockStep = Duration.FromMinutes(1), Request = request };
        var steps = new List<HistoryStep>();
        if (saved)
        {
            steps.Add(Step(new ModelRequest { Operation = UpgradeOperation.SaveConfiguration, Operator = Operator }));
        }

        var stop = new ModelRequest { Operation = UpgradeOperation.Stop, Operator = Operator, RerunForceStoppedInstances = rerun };
        var forceStop = new ModelRequest { Operation = UpgradeOperation.ForceStop, Operator = QualifiedOperator, DeclaredResult = result, DeclarationAccepted = true, Reason = "finished by hand" };
        (ModelRequest, ModelRequest) pair;
        switch (stage)
        {
            case 0:
                var cancel = new ModelRequest { Operation = UpgradeOperation.Cancel, Operator = Operator };
                var save = new ModelRequest { Operation = UpgradeOperation.SaveConfiguration, Operator = QualifiedOperator, ConfigurationFileName = "other.yaml" };
                pair = pick switch { 0 => (cancel, save), 1 => (cancel, cancel with { Operator = QualifiedOperator }), _ => (save, save with { Operator = Operator }) };
                break;
            case 1:
                steps.Add(Step(new ModelRequest { Operation = UpgradeOperation.Start }));
                pair = pick switch { 0 => (stop, forceStop), 1 => (stop, stop with { Operator = QualifiedOperator }), _ => (forceStop, forceStop) };
                break;
            default:
                steps.Add(Step(new ModelRequest { Operation = UpgradeOperation.Start }));
                steps.Add(Step(new ModelRequest { Operation = UpgradeOperation.CompleteSteps }));
                var complete = new ModelRequest { Operation = UpgradeOperation.Complete, Operator = Operator };
                pair = (complete, complete with { Operator = QualifiedOperator });
                break;
        }

        return new RaceCase { Prefix = new OperatorHistory { Rules = rules, Mode = mode, Steps = steps }, First = pair.Item1, Second = pair.Item2 };
    }

    private static UpgradeRecord RecordIn(UpgradeStatus status, UpgradeMode mode, Instant created, Instant started, Instant ended, bool ran, bool shutdown, bool saved)
    {
        var begun = status is not (UpgradeStatus.Configuring or UpgradeStatus.Canceled);
        var over = begun && status is not (UpgradeStatus.Upgrading or UpgradeStatus.Verifying);
        var maintenance = mode == UpgradeMode.Maintenance && begun;
        return new UpgradeRecordSnapshot
        {
            Id = UpgradeRecordId.New(created),
            TargetVersion = ProductVersion.Parse("V5.1.0"),
            InitialVersion = ProductVersion.Parse("V4.3.0"),
            Mode = mode,
            DataServiceStudioMode = DataServiceStudioUpgradeMode.UpgradeTogether,
            Status = status,
            CreatedAt = created,
            CreatedBy = Operator.Id,
            UpgradeStartedAt = begun ? started : null,
            UpgradeEndedAt = over ? ended : null,
            MaintenanceStartedAt = maintenance ? started : null,
            MaintenanceEndedAt = maintenance && status is UpgradeStatus.Stopped or UpgradeStatus.Succeeded ? ended : null,
            Configuration = saved || status == UpgradeStatus.Canceled ? new ConfigurationFile("upgrade-config.yaml", new byte[] { 1, 2, 3 }, created).Info : null,
            ForceStopTaskRan = begun && ran,
            ApplicationShutdownStarted = begun && shutdown,
            RerunForceStoppedInstances = status == UpgradeStatus.Stopped ? ran : null,
            ForceStopResult = status switch
            {
                UpgradeStatus.ForceStoppedSucceeded => ForceStopResult.Succeeded,
                UpgradeStatus.ForceStoppedFailed => ForceStopResult.Failed,
                _ => null,
            },
            Version = 1,
        }.ToRecord();
    }
}
