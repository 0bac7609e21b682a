using Dataphin.UpgradeKit.Commands;
using Dataphin.UpgradeKit.Diagnostics;
using Dataphin.UpgradeKit.Internal;
using Dataphin.UpgradeKit.Storage;
using NodaTime;

namespace Dataphin.UpgradeKit.Governance;

/// <summary>
/// Closes force-stop requests nobody decided within <see cref="ForceStopApprovalOptions.Expiry"/> (the two-person
/// rule). Every instance over a store may run it: each expiry is a change of the record, so of two instances, or of an
/// expiry and an approval, exactly one closes the request; the other is refused or conflicts and moves on. The SDK's
/// service registration runs it every <see cref="ForceStopApprovalOptions.CheckInterval"/>. Thread-safe.
/// </summary>
public sealed class ForceStopRequestExpiry
{
    private const int BatchSize = 100;

    private readonly UpgradeCommands _commands;
    private readonly ForceStopApprovals _approvals;
    private readonly IForceStopRequestStore? _requests;
    private readonly IClock _clock;

    /// <summary>An expiry check over <paramref name="store"/>, closing requests through <paramref name="commands"/> (built over the same store).</summary>
    /// <param name="commands">The commands that audit and notify each expiry.</param>
    /// <param name="store">The store; when it does not implement <see cref="IForceStopRequestStore"/> (the SDK's stores do), there is nothing to expire.</param>
    /// <param name="clock">The clock that says when a request is due.</param>
    public ForceStopRequestExpiry(UpgradeCommands commands, IUpgradeStore store, IClock clock)
    {
        _commands = Guard.NotNull(commands);
        _approvals = new ForceStopApprovals(commands);
        _requests = Guard.NotNull(store) as IForceStopRequestStore;
        _clock = Guard.NotNull(clock);
    }

    /// <summary>How often the hosted check runs.</summary>
    public Duration Interval => _commands.Options.Approval.CheckInterval;

    /// <summary>Expires every request due now, a batch at a time; returns how many this call expired.</summary>
    /// <param name="cancellationToken">Stops between requests; the next run picks up the rest.</param>
    /// <exception cref="UpgradeStoreException">The store failed.</exception>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken = default)
    {
        var expired = 0;
        while (_requests is not null)
        {
            var due = await _requests.ListExpiredForceStopRequestsAsync(_clock.GetCurrentInstant(), BatchSize, cancellationToken).ConfigureAwait(false);
            var closed = 0;
            foreach (var request in due)
            {
                cancellationToken.ThrowIfCancellationRequested();
                try
                {
                    await _approvals.ExpireAsync(request.RecordId, request.Id, cancellationToken).ConfigureAwait(false);
                    Log.ForceStopRequestExpired(_commands.Logger, request.Id, request.RecordId, request.RequestedBy);
                    closed++;
                }
                catch (Exception ex) when (ex is OperationNotPermittedException or ConcurrencyConflictException or UpgradeRecordNotFoundException)
                {
                    // Decided (or the upgrade ended) between the listing and the expiry: the other change won.
                    Log.ForceStopRequestExpiryLost(_commands.Logger, request.Id, request.RecordId);
                }
            }

            expired += closed;
            if (due.Count < BatchSize || closed == 0)
            {
                return expired;
            }
        }

        return expired;
    }
}
