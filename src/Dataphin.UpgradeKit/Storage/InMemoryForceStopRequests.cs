using NodaTime;

namespace Dataphin.UpgradeKit.Storage;

/// <summary>
/// The force-stop requests of the in-memory store (R-GOV-2). Not thread-safe by itself: the store calls it under its
/// lock, checking a change's request before anything of the change is written and applying it with the record.
/// </summary>
internal sealed class InMemoryForceStopRequests
{
    private readonly Dictionary<UpgradeRecordId, List<ForceStopApprovalRequest>> _requests = [];

    /// <summary>The pending request of the record, or null.</summary>
    public ForceStopApprovalRequest? FindPending(UpgradeRecordId recordId) =>
        _requests.TryGetValue(recordId, out var list) && list[^1].State == ForceStopRequestState.Pending ? list[^1] : null;

    /// <summary>Every request of the record, oldest first.</summary>
    public IReadOnlyList<ForceStopApprovalRequest> Read(UpgradeRecordId recordId) =>
        _requests.TryGetValue(recordId, out var list) ? [.. list] : [];

    /// <summary>Pending requests due at <paramref name="now"/>, soonest first.</summary>
    public IReadOnlyList<ForceStopApprovalRequest> ListExpired(Instant now, int maxCount) =>
        [.. _requests.Values.Select(list => list[^1]).Where(r => r.State == ForceStopRequestState.Pending && r.ExpiresAt <= now)
            .OrderBy(r => r.ExpiresAt).ThenBy(r => r.Id).Take(maxCount)];

    /// <summary>
    /// Throws <see cref="ConcurrencyConflictException"/> when <paramref name="change"/>'s request cannot be applied: a
    /// second pending request, or a close of a request that is not the record's pending one (the compare-and-set).
    /// </summary>
    public void Check(UpgradeRecordId recordId, long expectedVersion, RecordChange change)
    {
        if (change.ForceStopRequest is not { } request)
        {
            return;
        }

        var pending = FindPending(recordId);
        var applies = request.Opened is not null ? pending is null : pending?.Id == request.RequestId;
        if (!applies)
        {
            throw new ConcurrencyConflictException(recordId, expectedVersion, null);
        }
    }

    /// <summary>Applies a change that <see cref="Check"/> accepted.</summary>
    public void Apply(UpgradeRecordId recordId, RecordChange change)
    {
        if (change.ForceStopRequest is not { } request)
        {
            return;
        }

        if (request.Opened is { } opened)
        {
            if (!_requests.TryGetValue(recordId, out var list))
            {
                _requests[recordId] = list = [];
            }

            list.Add(opened);
            return;
        }

        var requests = _requests[recordId];
        requests[^1] = requests[^1] with
        {
            State = request.State,
            DecidedBy = request.DecidedBy,
            DecidedAt = request.DecidedAt,
            DecisionReason = request.DecisionReason,
        };
    }

    /// <summary>Forgets the requests of a removed record.</summary>
    public void Remove(UpgradeRecordId recordId) => _requests.Remove(recordId);
}
