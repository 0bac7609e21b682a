using Dataphin.UpgradeKit;
using Dataphin.UpgradeKit.Lifecycle;
using Stateless;

namespace Dataphin.UpgradeKit.Benchmarks.Lifecycle;

/// <summary>
/// The comparison points a team writing the lifecycle by hand would have: the same rules on a Stateless machine
/// (configured per call, as is common, or once), and a plain switch (the floor).
/// </summary>
internal static class HandWrittenLifecycle
{
    public static StateMachine<UpgradeStatus, UpgradeOperation> Configure(Func<UpgradeStatus> read, Action<UpgradeStatus> write, Func<bool> stopWindowOpen)
    {
        var m = new StateMachine<UpgradeStatus, UpgradeOperation>(read, write, FiringMode.Immediate);
        m.Configure(UpgradeStatus.Configuring)
            .Permit(UpgradeOperation.Start, UpgradeStatus.Upgrading)
            .Permit(UpgradeOperation.Cancel, UpgradeStatus.Canceled)
            .InternalTransition(UpgradeOperation.SaveConfiguration, () => { })
            .InternalTransition(UpgradeOperation.ResumeUpgrade, () => { });
        m.Configure(UpgradeStatus.Upgrading)
            .Permit(UpgradeOperation.CompleteSteps, UpgradeStatus.Verifying)
            .Permit(UpgradeOperation.Fail, UpgradeStatus.Failed)
            .PermitIf(UpgradeOperation.Stop, UpgradeStatus.Stopped, stopWindowOpen, "stop window open")
            .PermitIf(UpgradeOperation.ForceStop, UpgradeStatus.ForceStoppedSucceeded, () => true, "qualified")
            .InternalTransition(UpgradeOperation.ResumeUpgrade, () => { })
            .InternalTransition(UpgradeOperation.ReportProgress, () => { });
        m.Configure(UpgradeStatus.Verifying)
            .Permit(UpgradeOperation.Complete, UpgradeStatus.Succeeded)
            .InternalTransition(UpgradeOperation.ResumeVerification, () => { });
        foreach (var terminal in new[] { UpgradeStatus.Succeeded, UpgradeStatus.Stopped, UpgradeStatus.ForceStoppedSucceeded, UpgradeStatus.ForceStoppedFailed })
        {
            m.Configure(terminal).InternalTransition(UpgradeOperation.ViewLog, () => { });
        }

        return m;
    }

    public static UpgradeStatus Switch(UpgradeStatus status, UpgradeOperation operation, bool stopWindowOpen) => (status, operation) switch
    {
        (UpgradeStatus.Configuring, UpgradeOperation.Start) => UpgradeStatus.Upgrading,
        (UpgradeStatus.Configuring, UpgradeOperation.Cancel) => UpgradeStatus.Canceled,
        (UpgradeStatus.Upgrading, UpgradeOperation.CompleteSteps) => UpgradeStatus.Verifying,
        (UpgradeStatus.Upgrading, UpgradeOperation.Fail) => UpgradeStatus.Failed,
        (UpgradeStatus.Upgrading, UpgradeOperation.Stop) when stopWindowOpen => UpgradeStatus.Stopped,
        (UpgradeStatus.Verifying, UpgradeOperation.Complete) => UpgradeStatus.Succeeded,
        _ => throw new InvalidOperationException("not permitted"),
    };
}
