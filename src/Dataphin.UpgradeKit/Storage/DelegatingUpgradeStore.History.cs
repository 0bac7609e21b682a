using Dataphin.UpgradeKit.Insights;

namespace Dataphin.UpgradeKit.Storage;

public abstract partial class DelegatingUpgradeStore
{
    /// <inheritdoc />
    public virtual Task<AuditTrailPage> QueryAuditAsync(AuditTrailQuery query, CancellationToken cancellationToken = default) =>
        InnerStore.QueryAuditAsync(query, cancellationToken);

    /// <inheritdoc />
    public virtual Task<InsightsFigures> ComputeInsightsAsync(InsightsQuery query, CancellationToken cancellationToken = default) =>
        InnerStore.ComputeInsightsAsync(query, cancellationToken);
}
