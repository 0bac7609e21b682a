using Dataphin.UpgradeKit.Actions;
using Dataphin.UpgradeKit.Auditing;
using Dataphin.UpgradeKit.Lifecycle;
using Dataphin.UpgradeKit.Tests.Support;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;
using Xunit;

namespace Dataphin.UpgradeKit.Tests.Support;

/// <summary>Checks the generator itself: the properties above mean little if histories never reach some status.</summary>
public class LifecycleGeneratorsTests
{
    [Fact]
    public async Task Histories_ReachEveryStatus()
    {
        var reached = new HashSet<UpgradeStatus>();
        // A fixed seed: this checks the generator, it must not flake.
        var histories = LifecycleGenerators.Histories.Generator.Sample(300, new Rnd(20261125UL), 50);
        Assert.Equal(300, histories.Length);
        Assert.True(histories.Average(h => h.Steps.Count) > 10);
        foreach (var history in histories)
        {
            var h = new ServiceHarness();
            var id = (await h.Service.Commands.CreateAsync(ServiceHarness.Request(history.Mode), TestOperators.Ordinary)).Id;
            foreach (var step in history.Steps)
            {
                var actor = step.Qualified ? TestOperators.Engineer : TestOperators.Ordinary;
                Func<Task> run = step.Kind switch
                {
                    StepKind.SaveConfiguration => () => h.Service.Commands.SaveConfigurationAsync(id, new ConfigurationFile("c", new byte[] { 1 }, h.Clock.GetCurrentInstant()), actor),
                    StepKind.Start => () => h.Service.HostReports.StartAsync(id),
                    StepKind.CompleteSteps => () => h.Service.HostReports.MarkStepsCompletedAsync(id),
                    StepKind.Fail => () => h.Service.HostReports.MarkFailedAsync(id),
                    StepKind.Stop => () => h.Service.Commands.StopAsync(id, actor, new StopOptions(step.Flag)),
                    StepKind.ForceStop => () => h.Service.Commands.ForceStopAsync(id, actor, new ForceStopRequest(step.Result, step.Flag) { Reason = OperatorReason.Parse("finished by hand") }),
                    StepKind.Complete => () => h.Service.Commands.CompleteAsync(id, actor),
                    StepKind.Cancel => () => h.Service.Commands.CancelAsync(id, actor),
                    _ => () => Task.CompletedTask,
                };
                try
                {
                    await run();
                }
                catch (OperationNotPermittedException)
                {
                }

                if (await h.Store.FindAsync(id) is not { } record)
                {
                    break;
                }

                reached.Add(record.Status);
            }
        }

        Assert.Empty(Enum.GetValues<UpgradeStatus>().Except(reached));
    }
}
