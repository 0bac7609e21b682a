using Dataphin.UpgradeKit.Insights;

namespace Dataphin.UpgradeKit.Storage;

/// <summary>
/// Questions across records that a store answers where the data lives: the audit trail of every record, and the
/// figures of the insights over an interval. Implementations are thread-safe.
/// </summary>
public interface IUpgradeHistoryStore
{
    /// <summary>
    /// One page of the audit trail across records, newest first, filtered by <paramref name="query"/>, in keyset pages:
    /// entries written while paging never make an older entry repeat or disappear.
    /// </summary>
    /// <exception cref="ArgumentException">The query is invalid or its token is not one this store issued.</exception>
    /// <exception cref="UpgradeStoreException">The store cannot be read.</exception>
    Task<AuditTrailPage> QueryAuditAsync(AuditTrailQuery query, CancellationToken cancellationToken = default);

    /// <summary>
    /// The counts and duration order statistics of the records <paramref name="query"/> covers, overall, per mode and per
    /// target version, computed where the records live.
    /// </summary>
    /// <exception cref="ArgumentException">The query is invalid.</exception>
    /// <exception cref="UpgradeStoreException">The store cannot be read.</exception>
    Task<InsightsFigures> ComputeInsightsAsync(InsightsQuery query, CancellationToken cancellationToken = default);
}
