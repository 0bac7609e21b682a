using Dataphin.UpgradeKit.Lifecycle;
using FsCheck;
using FsCheck.Fluent;

namespace Dataphin.UpgradeKit.Tests.Support;

internal enum StepKind
{
    SaveConfiguration,
    Start,
    ReportForceStopTask,
    ReportShutdown,
    ReportStep,
    CompleteSteps,
    Fail,
    ExitMaintenance,
    ResumeUpgrade,
    ResumeVerification,
    Cancel,
    Stop,
    ForceStop,
    Complete,
    ViewLog,
}

/// <summary>One generated request: an operator action or a host report, with its arguments.</summary>
internal sealed record Step(StepKind Kind, bool Qualified, bool Flag, ForceStopResult? Result, int AdvanceSeconds)
{
    public override string ToString() => $"{Kind}(qualified={Qualified}, flag={Flag}, result={Result?.ToString() ?? "none"}, {AdvanceSeconds:+0;-0;+0}s)";
}

/// <summary>A generated history: the mode of the upgrade and the requests made on it.</summary>
internal sealed record History(UpgradeMode Mode, IReadOnlyList<Step> Steps)
{
    public override string ToString() => $"{Mode}: {string.Join(", ", Steps)}";
}

internal static class LifecycleGenerators
{
    // The normal path is weighted up so that histories reach every status, not only Configuring.
    private static readonly Gen<StepKind> Kinds = Gen.Frequency(
        (3, Gen.Constant(StepKind.Start)),
        (2, Gen.Constant(StepKind.SaveConfiguration)),
        (2, Gen.Constant(StepKind.CompleteSteps)),
        (2, Gen.Constant(StepKind.ReportForceStopTask)),
        (2, Gen.Constant(StepKind.ReportShutdown)),
        (2, Gen.Constant(StepKind.ForceStop)),
        (6, Gen.Elements(Enum.GetValues<StepKind>())));

    public static Gen<Step> Steps { get; } =
        from kind in Kinds
        from qualified in Gen.Frequency((3, Gen.Constant(true)), (1, Gen.Constant(false)))
        from flag in Gen.Frequency((3, Gen.Constant(true)), (1, Gen.Constant(false)))
        from result in Gen.Frequency(
            (1, Gen.Constant<ForceStopResult?>(null)),
            (4, Gen.Elements<ForceStopResult?>(ForceStopResult.Succeeded, ForceStopResult.Failed)))
        // The clock mostly moves on, but sometimes back (skew between hosts, a corrected clock): an operation then tries to
        // end a span before its start, the failure R-TIME-2 guards, which a forward-only clock never reaches.
        from seconds in Gen.Frequency((1, Gen.Constant(0)), (4, Gen.Choose(1, 7200)), (1, Gen.Choose(-7200, -1)))
        select new Step(kind, qualified, flag, result, seconds);

    private static readonly Gen<History> HistoryGen =
        from mode in Gen.Elements(UpgradeMode.Maintenance, UpgradeMode.ZeroDowntime)
        from steps in Gen.ListOf(Steps).Select(s => s.Take(40).ToList())
        select new History(mode, steps);

    public static Arbitrary<History> Histories { get; } = HistoryGen.ToArbitrary();

    /// <summary>Any valid rules value (R-RULE-1): any set of View log statuses, either Stop reading, either cancel choice.</summary>
    public static Gen<LifecycleRuleOptions> Rules { get; } =
        from statuses in Gen.SubListOf(Enum.GetValues<UpgradeStatus>())
        from stop in Gen.Elements(Enum.GetValues<StopWindowReading>())
        from remove in Gen.Elements(true, false)
        select new LifecycleRuleOptions { ViewLogStatuses = [.. statuses], StopWindow = stop, RemoveCanceledWithoutConfiguration = remove };

    /// <summary>
    /// The rules shapes: the 24 rules values in which every status is once in and once out of View log under both Stop
    /// readings and both cancel choices. The machine configures each status on its own, so these reach every
    /// configuration a status can have, and each compiles its table once (a table per arbitrary rules value made the
    /// R-RULE-2 property over histories cost close to a minute, all of it compiling).
    /// </summary>
    public static Gen<LifecycleRuleOptions> RuleShapes { get; } = Gen.Elements(ShapeValues().ToArray());

    private static IEnumerable<LifecycleRuleOptions> ShapeValues()
    {
        UpgradeStatus[] all = Enum.GetValues<UpgradeStatus>();
        UpgradeStatus[] byDefault = [.. LifecycleRuleOptions.DefaultViewLogStatuses];
        UpgradeStatus[][] viewLogSets =
        [
            [], byDefault, all, [.. byDefault, UpgradeStatus.Failed], [.. byDefault, UpgradeStatus.Canceled], [.. all.Except(byDefault)],
        ];
        foreach (var viewLog in viewLogSets)
        {
            foreach (var stop in Enum.GetValues<StopWindowReading>())
            {
                foreach (var remove in new[] { true, false })
                {
                    yield return new LifecycleRuleOptions { ViewLogStatuses = [.. viewLog], StopWindow = stop, RemoveCanceledWithoutConfiguration = remove };
                }
            }
        }
    }

    public static Arbitrary<(LifecycleRuleOptions Rules, History History)> RulesAndHistories { get; } =
        (from rules in RuleShapes
         from history in HistoryGen
         select (rules, history)).ToArbitrary();
}
