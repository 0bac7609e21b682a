using System.Collections.Concurrent;
using Dataphin.UpgradeKit.Estimates;
using Dataphin.UpgradeKit.Storage;
using Dataphin.UpgradeKit.Timeline;
using NodaTime;

namespace Dataphin.UpgradeKit.Queries;

/// <summary>
/// Estimates for running upgrades (R-ETA-1, R-ETA-2): the comparable upgrades of a mode are read from the store's
/// bounded window (<see cref="IUpgradeEstimateStore"/>) at most once a minute per mode and host instance, and the
/// window is kept current from the newest succeeded records (one list page), so no request scans the history.
/// Thread-safe.
/// </summary>
internal sealed class RecordEstimates(IUpgradeStore store, IClock clock, UpgradeEstimateOptions options)
{
    /// <summary>How long a mode's comparable upgrades are reused before they are read again.</summary>
    internal static readonly Duration RefreshInterval = Duration.FromMinutes(1);

    private readonly ConcurrentDictionary<UpgradeMode, Baseline> _baselines = new();
    private readonly UpgradeEstimateOptions _withoutProgressRule = new()
    {
        StallMargin = options.StallMargin,
        NoProgressTimeout = null,
        ComparableWindow = options.ComparableWindow,
    };

    public IClock Clock => clock;

    /// <summary>A record whose upgrade runs: started, not finished.</summary>
    public static bool IsRunning(UpgradeRecord record) =>
        record.Status is UpgradeStatus.Upgrading or UpgradeStatus.Verifying && record.UpgradeStartedAt is not null;

    /// <summary>The estimate of <paramref name="record"/> now, or null when it is not running or the store keeps no comparable upgrades.</summary>
    public async Task<UpgradeEstimate?> EstimateAsync(UpgradeRecord record, IReadOnlyList<TimelineSubjectSummary>? summaries, CancellationToken cancellationToken)
    {
        if (!IsRunning(record) || store is not IUpgradeEstimateStore estimates)
        {
            return null;
        }

        var now = clock.GetCurrentInstant();
        var comparables = await ComparablesAsync(estimates, record.Mode, now, cancellationToken).ConfigureAwait(false);
        if (record.Mode == UpgradeMode.ZeroDowntime)
        {
            // No timeline is reported for a zero-downtime upgrade: silence is no sign of a stall. The end of its steps,
            // on the record, is its one progress signal.
            return UpgradeEstimator.Estimate(record.UpgradeStartedAt!.Value, null, comparables, now, null, _withoutProgressRule, record.StepsCompletedAt);
        }

        summaries ??= await store.ReadSummariesAsync(record.Id, cancellationToken).ConfigureAwait(false);
        return UpgradeEstimator.EstimateFromSummaries(record.UpgradeStartedAt!.Value, summaries, comparables, now, options, record.StepsCompletedAt);
    }

    private async Task<IReadOnlyList<ComparableUpgrade>> ComparablesAsync(IUpgradeEstimateStore estimates, UpgradeMode mode, Instant now, CancellationToken cancellationToken)
    {
        if (_baselines.TryGetValue(mode, out var cached) && now - cached.ReadAt < RefreshInterval && now >= cached.ReadAt)
        {
            return cached.Comparables;
        }

        await CatchUpAsync(estimates, cancellationToken).ConfigureAwait(false);
        var comparables = await estimates.ReadComparablesAsync(mode, options.ComparableWindow, cancellationToken).ConfigureAwait(false);
        _baselines[mode] = new Baseline(comparables, now);
        return comparables;
    }

    /// <summary>
    /// Keeps the succeeded upgrades the store has not kept yet: those of the newest page of succeeded records that
    /// finished after the latest kept. The first time, this fills the window from the existing records.
    /// </summary>
    private async Task CatchUpAsync(IUpgradeEstimateStore estimates, CancellationToken cancellationToken)
    {
        var latest = await estimates.LatestComparableFinishAsync(cancellationToken).ConfigureAwait(false);
        var page = await store.ListAsync(
            new UpgradeRecordQuery { Statuses = [UpgradeStatus.Succeeded], PageSize = Math.Min(options.ComparableWindow, UpgradeRecordQuery.MaxPageSize) },
            cancellationToken).ConfigureAwait(false);
        var fresh = new List<ComparableUpgrade>();
        foreach (var record in page.Items)
        {
            if (latest is { } l && record.UpgradeEndedAt <= l)
            {
                continue;
            }

            var timeline = record.Mode == UpgradeMode.ZeroDowntime
                ? null
                : TimelineAggregator.FromSummaries(await store.ReadSummariesAsync(record.Id, cancellationToken).ConfigureAwait(false));
            if (ComparableUpgrade.Of(record, timeline) is { } comparable)
            {
                fresh.Add(comparable);
            }
        }

        if (fresh.Count > 0)
        {
            await estimates.SaveComparablesAsync(fresh, cancellationToken).ConfigureAwait(false);
        }
    }

    private sealed record Baseline(IReadOnlyList<ComparableUpgrade> Comparables, Instant ReadAt);
}
