using Dataphin.UpgradeKit.Insights;

namespace Dataphin.UpgradeKit.Storage;

public sealed partial class InMemoryUpgradeStore
{
    /// <inheritdoc />
    public Task<AuditTrailPage> QueryAuditAsync(AuditTrailQuery query, CancellationToken cancellationToken = default) =>
        _history.QueryAuditAsync(query, cancellationToken);

    /// <inheritdoc />
    public Task<InsightsFigures> ComputeInsightsAsync(InsightsQuery query, CancellationToken cancellationToken = default) =>
        _history.ComputeInsightsAsync(query, cancellationToken);
}
