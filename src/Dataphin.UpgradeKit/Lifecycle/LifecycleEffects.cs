namespace Dataphin.UpgradeKit.Lifecycle;

/// <summary>What an accepted operation does to a record's snapshot (SPEC §3, R-TIME-3..5). Pure; thread-safe.</summary>
internal static class LifecycleEffects
{
    /// <summary>The new snapshot, or null when the record does not change (observed) or goes away (removed).</summary>
    public static UpgradeRecord? Apply(UpgradeRecord record, LifecycleRequest request, in LifecycleDecision decision, NodaTime.Instant now)
    {
        var destination = decision.Destination;
        var maintenanceEnd = record.IsInMaintenanceMode ? now : record.MaintenanceEndedAt;
        var version = record.Version + 1;
        return request.Operation switch
        {
            UpgradeOperation.Start => record with
            {
                Version = version,
                Status = destination,
                UpgradeStartedAt = now,
                MaintenanceStartedAt = record.Mode == UpgradeMode.Maintenance ? now : null,
            },
            UpgradeOperation.SaveConfiguration => record with { Version = version, Configuration = request.Configuration?.Info },
            UpgradeOperation.ReportProgress => record with
            {
                Version = version,
                ForceStopTaskRan = record.ForceStopTaskRan || request.Progress!.ForceStopTaskRan,
                ApplicationShutdownStarted = record.ApplicationShutdownStarted || request.Progress!.ApplicationShutdownStarted,
                CurrentStep = request.Progress!.CurrentStep ?? record.CurrentStep,
            },
            UpgradeOperation.CompleteSteps => record with { Version = version, Status = destination },
            UpgradeOperation.Fail => record with { Version = version, Status = destination, UpgradeEndedAt = now, FailureReason = request.FailureReason },
            UpgradeOperation.ExitMaintenanceMode => record with { Version = version, MaintenanceEndedAt = now },
            UpgradeOperation.Cancel => decision.RemovesRecord ? null : record with { Version = version, Status = destination },
            UpgradeOperation.Stop => record with
            {
                Version = version,
                Status = destination,
                UpgradeEndedAt = now,
                MaintenanceEndedAt = maintenanceEnd,
                RerunForceStoppedInstances = request.Stop!.RerunForceStoppedInstances,
            },

            // R-SM-5 / R-TIME-4: the upgrade ends now; maintenance end stays unknown.
            UpgradeOperation.ForceStop => record with { Version = version, Status = destination, UpgradeEndedAt = now, ForceStopResult = request.ForceStop!.Result },
            UpgradeOperation.Complete => record with { Version = version, Status = destination, UpgradeEndedAt = now, MaintenanceEndedAt = maintenanceEnd },
            _ => null,
        };
    }

    /// <summary>Throws when <paramref name="next"/> would end a span before it started (R-TIME-2).</summary>
    /// <exception cref="ImpossibleTimeException">It would.</exception>
    public static void CheckSpans(UpgradeRecord next)
    {
        if (next.UpgradeStartedAt is { } start && next.UpgradeEndedAt is { } end && end < start)
        {
            throw new ImpossibleTimeException(next.Id, "the upgrade", start, end);
        }

        if (next.MaintenanceStartedAt is { } mStart && next.MaintenanceEndedAt is { } mEnd && mEnd < mStart)
        {
            throw new ImpossibleTimeException(next.Id, "maintenance upgrade mode", mStart, mEnd);
        }
    }
}
