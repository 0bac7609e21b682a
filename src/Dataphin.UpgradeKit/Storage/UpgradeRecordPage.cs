namespace Dataphin.UpgradeKit.Storage;

/// <summary>One page of the records list, newest first.</summary>
/// <param name="Items">The records of the page.</param>
/// <param name="ContinuationToken">Pass it as <see cref="UpgradeRecordQuery.ContinuationToken"/> for the next page; null on the last page.</param>
public sealed record UpgradeRecordPage(IReadOnlyList<UpgradeRecord> Items, string? ContinuationToken);
