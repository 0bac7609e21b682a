using System.Globalization;
using Dataphin.UpgradeKit.Actions;
using Dataphin.UpgradeKit.Auditing;
using Dataphin.UpgradeKit.Internal;
using Dataphin.UpgradeKit.Operators;
using Dataphin.UpgradeKit.Storage;

namespace Dataphin.UpgradeKit.Service;

public sealed partial class UpgradeRecordService
{
    /// <summary>The record with <paramref name="id"/>.</summary>
    /// <exception cref="UpgradeRecordNotFoundException">No such record.</exception>
    public async Task<UpgradeRecord> GetAsync(UpgradeRecordId id, CancellationToken cancellationToken = default)
    {
        Guard.NotDefault(id);
        return await _store.FindAsync(id, cancellationToken).ConfigureAwait(false) ?? throw new UpgradeRecordNotFoundException(id);
    }

    /// <summary>The record with <paramref name="id"/>, or null.</summary>
    public async Task<UpgradeRecord?> FindAsync(UpgradeRecordId id, CancellationToken cancellationToken = default)
    {
        Guard.NotDefault(id);
        return await _store.FindAsync(id, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Which actions <paramref name="actor"/> is offered on the record, and why not the others (R-ACT-1).</summary>
    /// <exception cref="UpgradeRecordNotFoundException">No such record.</exception>
    public async Task<ActionEligibilitySet> GetAvailableActionsAsync(UpgradeRecordId id, OperatorIdentity actor,
        CultureInfo? culture = null, CancellationToken cancellationToken = default)
    {
        Guard.NotNull(actor);
        var record = await GetAsync(id, cancellationToken).ConfigureAwait(false);
        return _policy.Evaluate(record, actor, culture);
    }

    /// <summary>One page of records, newest first (SPEC §8).</summary>
    /// <exception cref="ArgumentException">The query is invalid.</exception>
    public Task<UpgradeRecordPage> ListAsync(UpgradeRecordQuery query, CancellationToken cancellationToken = default)
    {
        Guard.NotNull(query);
        query.Validate();
        return _store.ListAsync(query, cancellationToken);
    }

    /// <summary>The audit trail of a record, oldest first; kept after a cancel removed the record.</summary>
    public Task<IReadOnlyList<AuditEntry>> GetAuditTrailAsync(UpgradeRecordId id, CancellationToken cancellationToken = default)
    {
        Guard.NotDefault(id);
        return _store.ReadAsync(id, cancellationToken);
    }
}
