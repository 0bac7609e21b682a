using System.Globalization;
using Dataphin.UpgradeKit.Auditing;

namespace Dataphin.UpgradeKit.Lifecycle;

/// <summary>The options of a request as its audit entry records them (R-SM-7); never a password or file content (R-CFG-5).</summary>
internal static class LifecycleAuditOptions
{
    public static IReadOnlyDictionary<string, string> Of(LifecycleRequest request)
    {
        switch (request.Operation)
        {
            case UpgradeOperation.Stop when request.Stop is { } stop:
                return new Dictionary<string, string>(1)
                {
                    ["rerunForceStoppedInstances"] = stop.RerunForceStoppedInstances ? "true" : "false",
                };
            case UpgradeOperation.ForceStop when request.ForceStop is { } forceStop:
                return new Dictionary<string, string>(2)
                {
                    ["result"] = forceStop.Result?.ToString() ?? "none",
                    ["declarationAccepted"] = forceStop.DeclarationAccepted ? "true" : "false",
                };
            case UpgradeOperation.SaveConfiguration when request.Configuration is { } file:
                return new Dictionary<string, string>(2)
                {
                    ["fileName"] = file.FileName,
                    ["bytes"] = file.Content.Length.ToString(CultureInfo.InvariantCulture),
                };
            case UpgradeOperation.ReportProgress when request.Progress is { } progress:
                var options = new Dictionary<string, string>(3);
                if (progress.ForceStopTaskRan) options["forceStopTaskRan"] = "true";
                if (progress.ApplicationShutdownStarted) options["applicationShutdownStarted"] = "true";
                if (progress.CurrentStep is { } step) options["currentStep"] = step;
                return options;
            case UpgradeOperation.Fail when request.FailureReason is { } failure:
                return new Dictionary<string, string>(1) { ["reason"] = failure };
            case UpgradeOperation.Create or UpgradeOperation.SaveConfiguration or UpgradeOperation.Start or UpgradeOperation.ReportProgress
                or UpgradeOperation.CompleteSteps or UpgradeOperation.Fail or UpgradeOperation.ExitMaintenanceMode or UpgradeOperation.ResumeUpgrade
                or UpgradeOperation.ResumeVerification or UpgradeOperation.Cancel or UpgradeOperation.Stop or UpgradeOperation.ForceStop
                or UpgradeOperation.Complete or UpgradeOperation.ViewLog or UpgradeOperation.DownloadConfiguration:
                return AuditEntry.NoOptions;
            default:
                throw new ArgumentOutOfRangeException(nameof(request), request.Operation, "Unknown operation.");
        }
    }
}
