namespace Dataphin.UpgradeKit.Lifecycle;

/// <summary>What an accepted operation does to a record's snapshot (SPEC §3, R-TIME-3..5), as <see cref="OperationCatalog"/> says. Pure; thread-safe.</summary>
internal static class LifecycleEffects
{
    /// <summary>The new snapshot, or null when the record does not change (observed) or goes away (removed).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The request's operation is not defined.</exception>
    public static UpgradeRecord? Apply(UpgradeRecord record, LifecycleRequest request, in LifecycleDecision decision, NodaTime.Instant now)
    {
        var times = new EffectTimes(now, record.IsInMaintenanceMode ? now : record.MaintenanceEndedAt, record.Version + 1);
        return OperationCatalog.Of(request.Operation).Effect(record, request, decision, times);
    }

    /// <summary>Throws when <paramref name="next"/> would end a span before it started (R-TIME-2), or put the end of the upgrade steps outside the upgrade.</summary>
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

        // The steps complete inside the upgrade: after its start, before its end (a clock set back would break both).
        if (next.StepsCompletedAt is { } steps && next.UpgradeStartedAt is { } upgradeStart && steps < upgradeStart)
        {
            throw new ImpossibleTimeException(next.Id, "the upgrade steps", upgradeStart, steps);
        }

        if (next.StepsCompletedAt is { } completed && next.UpgradeEndedAt is { } upgradeEnd && upgradeEnd < completed)
        {
            throw new ImpossibleTimeException(next.Id, "the verification", completed, upgradeEnd);
        }
    }
}
