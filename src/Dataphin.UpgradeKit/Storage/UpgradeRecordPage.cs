namespace Dataphin.UpgradeKit.Storage;

/// <summary>One page of the records list, newest first.</summary>
/// <remarks>Not positional, so that a later version can add a property without breaking code built against this one.</remarks>
public sealed record UpgradeRecordPage
{
    /// <summary>Creates a page.</summary>
    /// <param name="items">The records of the page.</param>
    /// <param name="continuationToken">The token of the next page; null on the last page.</param>
    public UpgradeRecordPage(IReadOnlyList<UpgradeRecord> items, string? continuationToken)
    {
        Items = items;
        ContinuationToken = continuationToken;
    }

    /// <summary>The records of the page.</summary>
    public IReadOnlyList<UpgradeRecord> Items { get; init; }

    /// <summary>Pass it as <see cref="UpgradeRecordQuery.ContinuationToken"/> for the next page; null on the last page.</summary>
    public string? ContinuationToken { get; init; }
}
