using Dataphin.UpgradeKit.Delivery;
using Dataphin.UpgradeKit.Diagnostics;
using Dataphin.UpgradeKit.Estimates;
using Dataphin.UpgradeKit.Internal;
using Dataphin.UpgradeKit.Notifications;
using Dataphin.UpgradeKit.Queries;
using Dataphin.UpgradeKit.Storage;
using Dataphin.UpgradeKit.Timeline;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NodaTime;

namespace Dataphin.UpgradeKit.Stalls;

/// <summary>
/// Finds the running upgrades that are stalled and notifies the host once per stall, through the outbox like every
/// other host notification (an <see cref="UpgradeStalledNotification"/>, delivered at least once). The hosted stall
/// check calls <see cref="RunOnceAsync"/> every <see cref="UpgradeEstimateOptions.StallCheckInterval"/>; a host that turned
/// it off calls it itself. Safe to run from several host instances at once: the store starts a record's stall once,
/// so only one instance notifies.
/// </summary>
/// <remarks>
/// A stall begins when an upgrade is first found stalled (past the late edge of its estimate by the stall margin, or
/// without progress for too long) and ends when a run finds it no longer stalled (progress resumed) or finished. A
/// later stall of the same upgrade is a new one, notified again. Thread-safe.
/// </remarks>
public sealed class UpgradeStallCheck
{
    /// <summary>The counter of stalls started, tagged <c>reason</c>: <c>pastEstimate</c> or <c>noProgress</c>.</summary>
    public const string StartedInstrument = "upgradekit.stalls.started";

    /// <summary>The counter of stalls ended because progress resumed or the upgrade finished.</summary>
    public const string EndedInstrument = "upgradekit.stalls.ended";

    private static readonly UpgradeStatus[] Running = [UpgradeStatus.Upgrading, UpgradeStatus.Verifying];

    private readonly IUpgradeStore _store;
    private readonly IStallEpisodeStore _stalls;
    private readonly IClock _clock;
    private readonly RecordEstimates _estimates;
    private readonly ILogger _logger;
    private readonly System.Diagnostics.Metrics.Counter<long> _started;
    private readonly System.Diagnostics.Metrics.Counter<long> _ended;

    /// <summary>Creates the check over <paramref name="store"/>.</summary>
    /// <param name="store">The store; it must implement <see cref="IStallEpisodeStore"/> (the SDK's stores do).</param>
    /// <param name="clock">The clock that decides how long an upgrade has run.</param>
    /// <param name="options">The options; their <see cref="UpgradeKitOptions.Estimates"/> say when an upgrade is stalled.</param>
    /// <param name="logger">Where stalls are logged.</param>
    /// <param name="meterFactory">Where the stall metrics go; a shared meter when null.</param>
    /// <exception cref="ArgumentNullException"><paramref name="store"/> or <paramref name="clock"/> is null.</exception>
    /// <exception cref="ArgumentException">The store keeps no stalls, or the options are invalid.</exception>
    public UpgradeStallCheck(IUpgradeStore store, IClock clock, UpgradeKitOptions? options = null, ILogger<UpgradeStallCheck>? logger = null,
        System.Diagnostics.Metrics.IMeterFactory? meterFactory = null)
    {
        _store = Guard.NotNull(store);
        _stalls = store as IStallEpisodeStore ?? throw new ArgumentException($"The store {store.GetType().Name} keeps no stalls.", nameof(store));
        _clock = Guard.NotNull(clock);
        options ??= new UpgradeKitOptions();
        options.Validate();
        _estimates = new RecordEstimates(store, clock, options.Estimates);
        _logger = logger ?? (ILogger)NullLogger.Instance;
        var meter = meterFactory?.Create(new System.Diagnostics.Metrics.MeterOptions(UpgradeKitDiagnostics.MeterName)) ?? UpgradeKitTelemetry.SharedMeter;
        _started = meter.CreateCounter<long>(StartedInstrument, "{stall}", "Stalls of running upgrades started, by reason.");
        _ended = meter.CreateCounter<long>(EndedInstrument, "{stall}", "Stalls of running upgrades ended.");
    }

    /// <summary>
    /// Looks at every running upgrade once: starts a stall, and stores its host notification, for each one newly
    /// stalled; ends the stall of each one no longer stalled or finished.
    /// </summary>
    /// <exception cref="UpgradeStoreException">The store failed; the next run looks again.</exception>
    public async Task<StallCheckResult> RunOnceAsync(CancellationToken cancellationToken = default)
    {
        var open = (await _stalls.ReadOpenStallsAsync(cancellationToken).ConfigureAwait(false)).ToHashSet();
        var stalled = new HashSet<UpgradeRecordId>();
        int @checked = 0, started = 0;
        string? continuation = null;
        do
        {
            var page = await _store.ListAsync(new UpgradeRecordQuery
            {
                Statuses = Running,
                PageSize = UpgradeRecordQuery.MaxPageSize,
                ContinuationToken = continuation,
            }, cancellationToken).ConfigureAwait(false);
            // One read of the page's timelines (zero-downtime upgrades report none), not one per record.
            var timelines = await _stalls.ReadTimelineSummariesAsync(
                [.. page.Items.Where(r => RecordEstimates.IsRunning(r) && r.Mode != UpgradeMode.ZeroDowntime).Select(r => r.Id)],
                cancellationToken).ConfigureAwait(false);
            foreach (var record in page.Items)
            {
                if (!RecordEstimates.IsRunning(record))
                {
                    continue;
                }

                @checked++;
                var summaries = timelines.GetValueOrDefault(record.Id) ?? [];
                var estimate = await _estimates.EstimateAsync(record, summaries, cancellationToken).ConfigureAwait(false);
                if (estimate is not { Stalled: true })
                {
                    continue;
                }

                stalled.Add(record.Id);
                if (!open.Contains(record.Id) && await StartAsync(record, estimate, summaries, cancellationToken).ConfigureAwait(false))
                {
                    started++;
                }
            }

            continuation = page.ContinuationToken;
        }
        while (continuation is not null);

        // Open stalls of records that are no longer stalled, or no longer running: progress resumed or they finished.
        open.ExceptWith(stalled);
        var ended = open.Count == 0 ? 0 : await _stalls.EndStallsAsync(open, _clock.GetCurrentInstant(), cancellationToken).ConfigureAwait(false);
        if (ended > 0)
        {
            foreach (var id in open)
            {
                Log.StallEnded(_logger, id);
            }

            _ended.Add(ended);
        }

        if (started > 0)
        {
            // Wake this process's dispatcher: the notifications are committed.
            DeliverySignal.For(_store).Set();
        }

        Log.StallCheckFinished(_logger, @checked, stalled.Count, started, ended);
        return new StallCheckResult { Checked = @checked, Stalled = stalled.Count, Started = started, Ended = ended };
    }

    private async Task<bool> StartAsync(UpgradeRecord record, UpgradeEstimate estimate, IReadOnlyList<TimelineSubjectSummary> summaries,
        CancellationToken cancellationToken)
    {
        var notification = new UpgradeStalledNotification
        {
            Id = Guid.CreateVersion7(),
            RecordId = record.Id,
            OccurredAt = estimate.EstimatedAt,
            Reason = estimate.Stall,
            UpgradeStartedAt = record.UpgradeStartedAt!.Value,
            StallThresholdAt = estimate.StallThresholdAt,
            LastProgressAt = UpgradeEstimator.LastProgressAt(summaries),
        };
        if (!await _stalls.StartStallAsync(notification, cancellationToken).ConfigureAwait(false))
        {
            return false; // another instance started it first, and notified
        }

        var reason = ReasonTag(estimate.Stall);
        Log.StallStarted(_logger, record.Id, reason, notification.UpgradeStartedAt, notification.Id);
        _started.Add(1, new KeyValuePair<string, object?>("reason", reason));
        return true;
    }

    private static string ReasonTag(StallReason reason) => reason switch
    {
        StallReason.PastEstimate => "pastEstimate",
        StallReason.NoProgress => "noProgress",
        StallReason.None => throw new ArgumentOutOfRangeException(nameof(reason), reason, "Not a stall."),
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, "Unknown stall reason."),
    };
}
