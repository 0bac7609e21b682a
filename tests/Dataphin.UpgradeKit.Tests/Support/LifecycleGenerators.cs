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
}

/// <summary>One generated request: an operator action or a host report, with its arguments.</summary>
internal sealed record Step(StepKind Kind, bool Qualified, bool Flag, ForceStopResult? Result, int AdvanceSeconds)
{
    public override string ToString() => $"{Kind}(qualified={Qualified}, flag={Flag}, result={Result?.ToString() ?? "none"}, +{AdvanceSeconds}s)";
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
        from seconds in Gen.Frequency((1, Gen.Constant(0)), (4, Gen.Choose(1, 7200)))
        select new Step(kind, qualified, flag, result, seconds);

    public static Arbitrary<History> Histories { get; } =
        (from mode in Gen.Elements(UpgradeMode.Maintenance, UpgradeMode.ZeroDowntime)
         from steps in Gen.ListOf(Steps).Select(s => s.Take(40).ToList())
         select new History(mode, steps)).ToArbitrary();
}
