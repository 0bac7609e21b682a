using Dataphin.UpgradeKit.Auditing;

namespace Dataphin.UpgradeKit.Storage;

/// <summary>One page of the audit trail across records, newest first.</summary>
public sealed record AuditTrailPage
{
    /// <summary>The entries of the page, newest first; entries of one instant in an order the store keeps from page to page.</summary>
    public required IReadOnlyList<AuditEntry> Items { get; init; }

    /// <summary>Pass it as <see cref="AuditTrailQuery.ContinuationToken"/> for the next page; null on the last page.</summary>
    public string? ContinuationToken { get; init; }
}
