using Dataphin.UpgradeKit.Insights;
using Dataphin.UpgradeKit.Storage;

namespace Dataphin.UpgradeKit.Relational;

internal sealed partial class RelationalUpgradeStore
{
    public Task<AuditTrailPage> QueryAuditAsync(AuditTrailQuery query, CancellationToken cancellationToken) => _history.QueryAuditAsync(query, cancellationToken);

    public Task<InsightsFigures> ComputeInsightsAsync(InsightsQuery query, CancellationToken cancellationToken) =>
        _history.ComputeInsightsAsync(query, cancellationToken);
}
