using Dataphin.UpgradeKit.Actions;
using Dataphin.UpgradeKit.Auditing;
using Dataphin.UpgradeKit.Lifecycle;
using Dataphin.UpgradeKit.Tests.Support;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;
using Xunit;

namespace Dataphin.UpgradeKit.Tests.Service;

/// <summary>Properties over generated histories of operator actions and host reports, run through the service.</summary>
public class UpgradeCommandsProperties
{
    private sealed record Observation(UpgradeRecord Before, UpgradeRecord? After, bool Refused, int AuditAdded, bool? Offered, bool ValidArguments)
    {
        /// <summary>The request was refused because it would end a span before its start (the clock went back).</summary>
        public bool TimeRefused { get; init; }
    }

    private static Observation Apply(ServiceHarness h, UpgradeRecordId id, Step step)
    {
        h.Clock.Advance(Duration.FromSeconds(step.AdvanceSeconds));
        var before = h.Store.FindAsync(id).AsTask().GetAwaiter().GetResult()!;
        var auditBefore = h.Store.ReadAsync(id).GetAwaiter().GetResult().Count;
        var actor = step.Qualified ? TestOperators.Engineer : TestOperators.Ordinary;
        var s = h.Service;
        bool? offered = Action(step.Kind) is { } action ? s.Queries.Policy.Evaluate(before, actor)[action].IsOffered : null;
        var valid = step.Kind != StepKind.ForceStop || (step.Flag && step.Result is not null);
        Func<Task> run = step.Kind switch
        {
            StepKind.SaveConfiguration => () => s.Commands.SaveConfigurationAsync(id, new ConfigurationFile("c.yaml", new byte[] { 1 }, h.Clock.GetCurrentInstant()), actor),
            StepKind.Start => () => s.HostReports.StartAsync(id),
            StepKind.ReportForceStopTask => () => s.HostReports.ReportProgressAsync(id, new ProgressReport
            {
                ForceStopTaskRan = true,
            }),
            StepKind.ReportShutdown => () => s.HostReports.ReportProgressAsync(id, new ProgressReport
            {
                ApplicationShutdownStarted = true,
            }),
            StepKind.ReportStep => () => s.HostReports.ReportProgressAsync(id, new ProgressReport { CurrentStep = "step" }),
            StepKind.CompleteSteps => () => s.HostReports.MarkStepsCompletedAsync(id),
            StepKind.Fail => () => s.HostReports.MarkFailedAsync(id, "generated"),
            StepKind.ExitMaintenance => () => s.HostReports.ExitMaintenanceModeAsync(id),
            StepKind.ResumeUpgrade => () => s.Commands.ResumeUpgradeAsync(id, actor),
            StepKind.ResumeVerification => () => s.Commands.ResumeVerificationAsync(id, actor),
            StepKind.Cancel => () => s.Commands.CancelAsync(id, actor),
            StepKind.Stop => () => s.Commands.StopAsync(id, actor, new StopOptions(step.Flag)),
            StepKind.ForceStop => () => s.Commands.ForceStopAsync(id, actor, new ForceStopRequest(step.Result, step.Flag) { Reason = OperatorReason.Parse("finished by hand") }),
            StepKind.Complete => () => s.Commands.CompleteAsync(id, actor),
            StepKind.ViewLog => () => s.Queries.ViewLogAsync(id, actor, Dataphin.UpgradeKit.Projections.DisplayContext.Default),
            _ => throw new ArgumentOutOfRangeException(nameof(step)),
        };

        var refused = false;
        var timeRefused = false;
        try
        {
            run().GetAwaiter().GetResult();
        }
        catch (OperationNotPermittedException)
        {
            refused = true;
        }
        catch (ImpossibleTimeException)
        {
            timeRefused = true;
        }

        var after = h.Store.FindAsync(id).AsTask().GetAwaiter().GetResult();
        var auditAfter = h.Store.ReadAsync(id).GetAwaiter().GetResult().Count;
        return new Observation(before, after, refused, auditAfter - auditBefore, offered, valid) { TimeRefused = timeRefused };
    }

    private static UpgradeAction? Action(StepKind kind) => kind switch
    {
        StepKind.ResumeUpgrade => UpgradeAction.ResumeUpgrade,
        StepKind.ResumeVerification => UpgradeAction.ResumeVerification,
        StepKind.Cancel => UpgradeAction.Cancel,
        StepKind.Stop => UpgradeAction.Stop,
        StepKind.ForceStop => UpgradeAction.ForceStop,
        StepKind.Complete => UpgradeAction.Complete,
        StepKind.ViewLog => UpgradeAction.ViewLog,
        _ => null,
    };

    /// <summary>Runs a history, checking <paramref name="check"/> after every step.</summary>
    private static void Run(History history, Action<Step, Observation> check, LifecycleRuleOptions? rules = null)
    {
        var h = new ServiceHarness(rules is null ? null : new UpgradeKitOptions { Rules = rules });
        var id = h.Service.Commands.CreateAsync(ServiceHarness.Request(history.Mode), TestOperators.Ordinary).GetAwaiter().GetResult().Id;
        foreach (var step in history.Steps)
        {
            var observation = Apply(h, id, step);
            check(step, observation);
            if (observation.After is null)
            {
                return;
            }
        }
    }

    [Property(MaxTest = 300)]
    public Property PolicyAndStateMachine_AgreeOnEveryAction_R_ACT_2() =>
        Prop.ForAll(LifecycleGenerators.Histories, history => Run(history, PolicyAgreesWithTheMachine));

    [Property(MaxTest = 300)]
    public Property PolicyAndStateMachine_AgreeOnEveryAction_ForEveryRulesValue_R_ACT_2_R_RULE_2() =>
        Prop.ForAll(LifecycleGenerators.RulesAndHistories, generated => Run(generated.History, PolicyAgreesWithTheMachine, generated.Rules));

    private static void PolicyAgreesWithTheMachine(Step step, Observation o)
    {
        if (o.Offered is not { } offered)
        {
            return;
        }

        if (o.TimeRefused)
        {
            // The policy cannot know the clock: only an action it offered gets as far as the time check.
            Assert.True(offered, $"{step}: refused for its time though not offered in {o.Before.Status}");
            return;
        }

        if (o.ValidArguments)
        {
            Assert.True(offered == !o.Refused, $"{step}: offered={offered} but refused={o.Refused} in {o.Before.Status}");
        }
        else
        {
            Assert.True(o.Refused, $"{step}: accepted without a declaration and a result");
        }
    }

    [Property(MaxTest = 200)]
    public Property TerminalStatuses_AreAbsorbing_R_SM_1() =>
        Prop.ForAll(LifecycleGenerators.Histories, history => Run(history, (step, o) =>
        {
            if (o.Before.Status.IsTerminal())
            {
                Assert.NotNull(o.After);
                Assert.Equal(o.Before.Status, o.After.Status);
            }
        }));

    [Property(MaxTest = 200)]
    public Property RefusedRequest_ChangesNothingButTheAuditTrail_R_SM_2() =>
        Prop.ForAll(LifecycleGenerators.Histories, history => Run(history, (step, o) =>
        {
            if (o.Refused)
            {
                Assert.Same(o.Before, o.After);
                Assert.Equal(1, o.AuditAdded);
            }
        }));

    [Property(MaxTest = 200)]
    public Property AcceptedRequest_AddsExactlyOneAuditEntry_AndChangesBumpTheVersion_R_SM_7() =>
        Prop.ForAll(LifecycleGenerators.Histories, history => Run(history, (step, o) =>
        {
            if (o.Refused || o.TimeRefused)
            {
                return;
            }

            Assert.Equal(1, o.AuditAdded);
            if (o.After is null)
            {
                Assert.Equal(StepKind.Cancel, step.Kind);
                Assert.False(o.Before.IsConfigurationSaved);
            }
            else if (ReferenceEquals(o.Before, o.After))
            {
                Assert.Contains(step.Kind, new[] { StepKind.ResumeUpgrade, StepKind.ResumeVerification, StepKind.ViewLog });
            }
            else
            {
                Assert.Equal(o.Before.Version + 1, o.After.Version);
            }
        }));

    [Property(MaxTest = 200)]
    public Property Times_NoEndBeforeItsStart_AndMaintenanceStartsWithTheUpgrade_R_TIME_2() =>
        Prop.ForAll(LifecycleGenerators.Histories, history => Run(history, (step, o) =>
        {
            if (o.TimeRefused)
            {
                // Refused when reported: nothing stored changes.
                Assert.Equal(o.Before, o.After);
                return;
            }

            if (o.After is not { } r)
            {
                return;
            }

            Assert.False(r.UpgradeEndedAt < r.UpgradeStartedAt);
            Assert.False(r.MaintenanceEndedAt < r.MaintenanceStartedAt);
            Assert.True(r.UpgradeEndedAt is null || r.UpgradeStartedAt is not null);
            Assert.True(r.MaintenanceEndedAt is null || r.MaintenanceStartedAt is not null);
            if (r.Mode == UpgradeMode.Maintenance)
            {
                Assert.Equal(r.UpgradeStartedAt, r.MaintenanceStartedAt);
            }
            else
            {
                Assert.Null(r.MaintenanceStartedAt);
                Assert.Null(r.MaintenanceEndedAt);
            }

            if (step.Kind == StepKind.ForceStop && !o.Refused)
            {
                // R-TIME-4: force-stopping never sets a maintenance end; one the host reported earlier is kept as a fact
                // (the View log still shows "-" for it).
                Assert.Equal(o.Before.MaintenanceEndedAt, r.MaintenanceEndedAt);
            }
        }));

    private static Arbitrary<(UpgradeRecord Record, bool Qualified)> Situations() =>
        (from status in Gen.Elements(Enum.GetValues<UpgradeStatus>())
         from ran in Gen.Elements(true, false)
         from shutdown in Gen.Elements(true, false)
         from qualified in Gen.Elements(true, false)
         from saved in Gen.Elements(true, false)
         select (new UpgradeRecordSnapshot
         {
             Id = UpgradeRecordId.New(ServiceHarness.T0),
             TargetVersion = ProductVersion.Parse("5.0"),
             InitialVersion = ProductVersion.Parse("4.0"),
             Mode = UpgradeMode.Maintenance,
             DataServiceStudioMode = DataServiceStudioUpgradeMode.UpgradeTogether,
             Status = status,
             CreatedAt = ServiceHarness.T0,
             CreatedBy = "alice",
             UpgradeStartedAt = status is UpgradeStatus.Configuring or UpgradeStatus.Canceled ? null : ServiceHarness.T0,
             MaintenanceStartedAt = status is UpgradeStatus.Configuring or UpgradeStatus.Canceled ? null : ServiceHarness.T0,
             Configuration = saved ? new ConfigurationFileInfo("c", ServiceHarness.T0) : null,
             ForceStopTaskRan = ran,
             ApplicationShutdownStarted = shutdown,
             Version = 3,
         }.ToRecord(), qualified)).ToArbitrary();

    [Property(MaxTest = 500)]
    public Property PolicyAndLifecycle_AgreeForEveryActionIncludingViewLog_R_ACT_2() =>
        Prop.ForAll(Situations(), situation =>
        {
            var (record, qualified) = situation;
            var actor = qualified ? TestOperators.Engineer : TestOperators.Ordinary;
            var answers = new ActionEligibilityPolicy().Evaluate(record, actor);
            foreach (var action in UpgradeActions.All)
            {
                var request = new LifecycleRequest(action.ToOperation(), actor)
                {
                    OperatorQualified = qualified,
                    // A force-stop request (on by default, R-GOV-2) records the declaration word for word.
                    ForceStop = new ForceStopRequest(ForceStopResult.Failed, true)
                    {
                        Reason = OperatorReason.Parse("finished by hand"),
                        Declaration = Dataphin.UpgradeKit.Display.UpgradeKitTexts.Default.ForceStopDeclaration(System.Globalization.CultureInfo.GetCultureInfo("en")),
                    },
                    Stop = new StopOptions(false),
                };
                var result = UpgradeLifecycle.Default.Apply(record, request, ServiceHarness.T0 + Duration.FromHours(1));
                Assert.Equal(answers[action].IsOffered, result.Effect != LifecycleEffect.Refused);
                Assert.Equal(answers[action].Reason, result.Reason);
            }
        });

    [Fact]
    public void Histories_ReachEndBeforeStartAttempts_AndEachIsRefused_R_TIME_2()
    {
        // The generator must reach the failure the R-TIME-2 property guards. A fixed seed: this checks the generator.
        var histories = LifecycleGenerators.Histories.Generator.Sample(300, new Rnd(20261206UL), 50);
        var timeRefusals = 0;
        foreach (var history in histories)
        {
            Run(history, (step, o) =>
            {
                if (o.TimeRefused)
                {
                    timeRefusals++;
                    Assert.Equal(o.Before, o.After);
                }
            });
        }

        Assert.True(timeRefusals >= 10, $"only {timeRefusals} end-before-start attempts in 300 histories");
    }
}
