using System.Globalization;
using Dataphin.UpgradeKit.Internal;
using Dataphin.UpgradeKit.Notifications;
using NodaTime;

namespace Dataphin.UpgradeKit.Lifecycle;

/// <summary>What an accepted operation does to the record: the new snapshot, or null when it does not change (observed) or goes away (removed).</summary>
internal delegate UpgradeRecord? OperationEffect(UpgradeRecord record, LifecycleRequest request, in LifecycleDecision decision, in EffectTimes times);

/// <summary>What the host is told after an accepted change, stored in the same transaction as the change.</summary>
internal delegate UpgradeNotification[] OperationNotification(UpgradeRecord next, LifecycleRequest request, Guid id, Instant now);

/// <summary>The times an effect stamps: now, and when maintenance mode ends if it is still on.</summary>
internal readonly record struct EffectTimes(Instant Now, Instant? MaintenanceEnd, long Version);

/// <summary>
/// One operation: what it does to a record, what it tells the host, the options its audit entry records (none when
/// null) and, when an action of the Actions column fires it, that action's route, body, answer and OpenAPI text.
/// </summary>
internal sealed record OperationEntry(UpgradeOperation Operation, OperationEffect Effect, OperationNotification Notify,
    Func<LifecycleRequest, IReadOnlyDictionary<string, string>?>? AuditOptions = null)
{
    /// <summary>The Actions column's action that fires it, or null for the host's operations, Create and the download.</summary>
    public ActionEntry? Action { get; init; }
}

/// <summary>
/// Every operation of the lifecycle, one entry each, with what it does to a record, what it tells the host, what its
/// audit entry records (R-SM-7: never a password or file content, R-CFG-5) and the action of the Actions column that
/// fires it: the one place an operation or action is described (<see cref="ActionCatalog"/> lists the actions).
/// An action whose request carries at most the expected version needs nothing else to be served: the generic command
/// (<c>UpgradeCommands.ActAsync</c>) and the endpoints dispatch on the entry. Immutable; thread-safe.
/// </summary>
internal static class OperationCatalog
{
    private static readonly UpgradeNotification[] None = [];
    private static readonly OperationNotification Silent = static (_, _, _, _) => None;
    private static readonly OperationEffect Observed = static (_, _, in _, in _) => null;

    private static readonly OperationEntry[] Entries = [.. EnumOrdinals<UpgradeOperation>.Values.Select(EntryOf)];

    /// <summary>The entry of <paramref name="operation"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="operation"/> is not defined.</exception>
    public static OperationEntry Of(UpgradeOperation operation) => Entries[EnumOrdinals<UpgradeOperation>.Of(operation)];

    /// <summary>Every entry, in ascending order of operation.</summary>
    public static IReadOnlyList<OperationEntry> All { get; } = Array.AsReadOnly(Entries);

    // No discard arm: an operation added to the enum without an entry here does not compile (CS8509); an undefined
    // value (a cast integer) throws.
#pragma warning disable CS8524 // Unnamed enum values never reach here: EnumOrdinals lists the defined ones.
    private static OperationEntry EntryOf(UpgradeOperation operation) => operation switch
    {
        // Create is not decided by the lifecycle (the record does not exist yet): the machine refuses it everywhere.
        UpgradeOperation.Create => new(operation, Observed, Silent),
        UpgradeOperation.SaveConfiguration => new(operation,
            static (r, q, in _, in t) => r with { Version = t.Version, Configuration = q.Configuration?.Info }, Silent,
            static q => q.Configuration is { } file
                ? new Dictionary<string, string>(2) { ["fileName"] = file.FileName, ["bytes"] = file.Content.Length.ToString(CultureInfo.InvariantCulture) }
                : null),
        UpgradeOperation.Start => new(operation,
            static (r, _, in d, in t) => r with
            {
                Version = t.Version,
                Status = d.Destination,
                UpgradeStartedAt = t.Now,
                MaintenanceStartedAt = r.Mode == UpgradeMode.Maintenance ? t.Now : null,
            },
            Silent),
        UpgradeOperation.ReportProgress => new(operation,
            static (r, q, in _, in t) => r with
            {
                Version = t.Version,
                ForceStopTaskRan = r.ForceStopTaskRan || q.Progress!.ForceStopTaskRan,
                ApplicationShutdownStarted = r.ApplicationShutdownStarted || q.Progress!.ApplicationShutdownStarted,
                CurrentStep = q.Progress!.CurrentStep ?? r.CurrentStep,
            },
            Silent,
            static q =>
            {
                if (q.Progress is not { } progress)
                {
                    return null;
                }

                var options = new Dictionary<string, string>(3);
                if (progress.ForceStopTaskRan) options["forceStopTaskRan"] = "true";
                if (progress.ApplicationShutdownStarted) options["applicationShutdownStarted"] = "true";
                if (progress.CurrentStep is { } step) options["currentStep"] = step;
                return options;
            }),
        UpgradeOperation.CompleteSteps => new(operation,
            static (r, _, in d, in t) => r with { Version = t.Version, Status = d.Destination, StepsCompletedAt = t.Now }, Silent),
        UpgradeOperation.Fail => new(operation,
            static (r, q, in d, in t) => r with { Version = t.Version, Status = d.Destination, UpgradeEndedAt = t.Now, FailureReason = q.FailureReason },
            static (n, q, id, now) => [new UpgradeFailedNotification { Id = id, RecordId = n.Id, OccurredAt = now, Reason = q.FailureReason }],
            static q => q.FailureReason is { } failure ? new Dictionary<string, string>(1) { ["reason"] = failure } : null),
        UpgradeOperation.ExitMaintenanceMode => new(operation, static (r, _, in _, in t) => r with { Version = t.Version, MaintenanceEndedAt = t.Now }, Silent),
        UpgradeOperation.ResumeUpgrade => new(operation, Observed, Silent)
        {
            Action = new(UpgradeAction.ResumeUpgrade, operation, "resume-upgrade", ActionBody.Empty, ActionAnswer.ResumePoint, "ResumeUpgrade",
                "Where to continue the upgrade: the configuration, or the step it had reached."),
        },
        UpgradeOperation.ResumeVerification => new(operation, Observed, Silent)
        {
            Action = new(UpgradeAction.ResumeVerification, operation, "resume-verification", ActionBody.Empty, ActionAnswer.ResumePoint,
                "ResumeVerification", "Where to continue the verification of an upgrade whose steps completed."),
        },

        // A cancel without saved configuration removes the record (the decision says so); otherwise it is kept as Canceled.
        UpgradeOperation.Cancel => new(operation,
            static (r, _, in d, in t) => d.RemovesRecord ? null : r with { Version = t.Version, Status = d.Destination }, Silent)
        {
            Action = new(UpgradeAction.Cancel, operation, "cancel", ActionBody.Cancel, ActionAnswer.RemovedOrRow, "CancelUpgrade",
                "Cancel an upgrade that has not started. Without a saved configuration the record is removed."),
        },
        UpgradeOperation.Stop => new(operation,
            static (r, q, in d, in t) => r with
            {
                Version = t.Version,
                Status = d.Destination,
                UpgradeEndedAt = t.Now,
                MaintenanceEndedAt = t.MaintenanceEnd,
                RerunForceStoppedInstances = q.Stop!.RerunForceStoppedInstances,
            },
            static (n, q, id, now) =>
            [
                new UpgradeStoppedNotification
                {
                    Id = id,
                    RecordId = n.Id,
                    OccurredAt = now,
                    RerunForceStoppedInstances = q.Stop!.RerunForceStoppedInstances,
                    OperatorReason = q.Reason?.Text,
                    ExitMaintenanceMode = n.Mode == UpgradeMode.Maintenance,
                },
            ],
            static q => q.Stop is { } stop
                ? new Dictionary<string, string>(1) { ["rerunForceStoppedInstances"] = stop.RerunForceStoppedInstances ? "true" : "false" }
                : null)
        {
            Action = new(UpgradeAction.Stop, operation, "stop", ActionBody.Stop, ActionAnswer.Row, "StopUpgrade",
                "Stop a running upgrade while the Stop window is open; the host resumes scheduling and exits maintenance mode."),
        },

        // The upgrade ends now; the end of maintenance mode stays unknown.
        UpgradeOperation.ForceStop => new(operation,
            static (r, q, in d, in t) => r with { Version = t.Version, Status = d.Destination, UpgradeEndedAt = t.Now, ForceStopResult = q.ForceStop!.Result },
            static (n, q, id, now) => [new UpgradeForceStoppedNotification { Id = id, RecordId = n.Id, OccurredAt = now, Result = q.ForceStop!.Result!.Value, OperatorReason = q.Reason?.Text }],
            static q => q.ForceStop is { } forceStop
                ? new Dictionary<string, string>(2)
                {
                    ["result"] = forceStop.Result?.ToString() ?? "none",
                    ["declarationAccepted"] = forceStop.DeclarationAccepted ? "true" : "false",
                }
                : null)
        {
            Action = new(UpgradeAction.ForceStop, operation, "force-stop", ActionBody.ForceStop, ActionAnswer.Row, "ForceStopUpgrade",
                "Force-stop a running upgrade with the result a qualified O&M engineer declares."),
        },
        UpgradeOperation.Complete => new(operation,
            static (r, _, in d, in t) => r with { Version = t.Version, Status = d.Destination, UpgradeEndedAt = t.Now, MaintenanceEndedAt = t.MaintenanceEnd },
            static (n, _, id, now) => [new UpgradeCompletedNotification { Id = id, RecordId = n.Id, OccurredAt = now }])
        {
            Action = new(UpgradeAction.Complete, operation, "complete", ActionBody.Version, ActionAnswer.Row, "CompleteUpgrade", "Complete a verified upgrade."),
        },
        UpgradeOperation.ViewLog => new(operation, Observed, Silent)
        {
            Action = new(UpgradeAction.ViewLog, operation, "log", ActionBody.None, ActionAnswer.LogPanel, "ViewUpgradeLog",
                "The View log panel of one record; the view is audited."),
        },

        // R-GOV-2: every step of a force-stop request changes the record's version, so the steps race on the record's
        // compare-and-set as well as on the request's; approval force-stops with what the requester declared.
        UpgradeOperation.RequestForceStop => new(operation, static (r, _, in _, in t) => r with { Version = t.Version },
            static (n, q, id, now) => [RequestNotification(n, q, id, now, ForceStopRequestState.Pending)],
            static q => q.ForceStop is { } forceStop
                ? new Dictionary<string, string>(2)
                {
                    ["result"] = forceStop.Result?.ToString() ?? "none",
                    ["declarationAccepted"] = forceStop.DeclarationAccepted ? "true" : "false",
                }
                : null)
        {
            Action = new(UpgradeAction.RequestForceStop, operation, "request-force-stop", ActionBody.ForceStopRequest, ActionAnswer.Row, "RequestForceStop",
                "Ask for a force-stop that a second qualified O&M engineer must approve: the declared result, the declaration and the reason wait as the record's pending request."),
        },
        UpgradeOperation.ApproveForceStop => new(operation,
            static (r, q, in d, in t) => r with { Version = t.Version, Status = d.Destination, UpgradeEndedAt = t.Now, ForceStopResult = q.PendingForceStop!.Result },
            static (n, q, id, now) =>
            [
                RequestNotification(n, q, id, now, ForceStopRequestState.Approved),
                new UpgradeForceStoppedNotification
                {
                    Id = TimeOrderedIds.NewGuid(now), RecordId = n.Id, OccurredAt = now, Result = q.PendingForceStop!.Result, OperatorReason = q.PendingForceStop.Reason,
                },
            ],
            RequestAuditOptions)
        {
            Action = new(UpgradeAction.ApproveForceStop, operation, "approve-force-stop", ActionBody.Reason, ActionAnswer.Row, "ApproveForceStop",
                "Approve the record's pending force-stop request: the upgrade is force-stopped with the result the requester declared."),
        },
        UpgradeOperation.RejectForceStop => new(operation, static (r, _, in _, in t) => r with { Version = t.Version },
            static (n, q, id, now) => [RequestNotification(n, q, id, now, ForceStopRequestState.Rejected)], RequestAuditOptions)
        {
            Action = new(UpgradeAction.RejectForceStop, operation, "reject-force-stop", ActionBody.Reason, ActionAnswer.Row, "RejectForceStop",
                "Reject the record's pending force-stop request; the upgrade goes on."),
        },
        UpgradeOperation.WithdrawForceStop => new(operation, static (r, _, in _, in t) => r with { Version = t.Version },
            static (n, q, id, now) => [RequestNotification(n, q, id, now, ForceStopRequestState.Withdrawn)], RequestAuditOptions)
        {
            Action = new(UpgradeAction.WithdrawForceStop, operation, "withdraw-force-stop", ActionBody.Reason, ActionAnswer.Row, "WithdrawForceStop",
                "Withdraw your own pending force-stop request; the upgrade goes on."),
        },
        UpgradeOperation.ExpireForceStopRequest => new(operation, static (r, _, in _, in t) => r with { Version = t.Version },
            static (n, q, id, now) => [RequestNotification(n, q, id, now, ForceStopRequestState.Expired)], RequestAuditOptions),
        UpgradeOperation.DownloadConfiguration => new(operation, Observed, Silent),

        // Pins are retention's, not the lifecycle's (allowed in every status, audited by the retention service): the machine refuses them everywhere, as Create.
        UpgradeOperation.Pin or UpgradeOperation.Unpin => new(operation, Observed, Silent),
    };
#pragma warning restore CS8524

    // The request a decision closes, and the result it declared: the audit entry says what was decided.
    private static Dictionary<string, string>? RequestAuditOptions(LifecycleRequest request) => request.PendingForceStop is { } pending
        ? new Dictionary<string, string>(2) { ["request"] = pending.Id.ToString("N", CultureInfo.InvariantCulture), ["result"] = pending.Result.ToString() }
        : null;

    private static ForceStopRequestNotification RequestNotification(UpgradeRecord next, LifecycleRequest request, Guid id, Instant now, ForceStopRequestState state)
    {
        // A new request is not pending yet when the notification is made: its facts come from the request's arguments.
        var pending = request.PendingForceStop;
        return new ForceStopRequestNotification
        {
            Id = id,
            RecordId = next.Id,
            OccurredAt = now,
            RequestId = pending?.Id ?? request.NewRequestId,
            State = state,
            Result = pending?.Result ?? request.ForceStop!.Result!.Value,
            RequestedBy = pending?.RequestedBy ?? request.Actor,
            ExpiresAt = pending?.ExpiresAt ?? request.NewRequestExpiresAt,
            DecidedBy = state == ForceStopRequestState.Pending ? null : request.Actor,
            OperatorReason = request.Reason?.Text,
        };
    }
}
