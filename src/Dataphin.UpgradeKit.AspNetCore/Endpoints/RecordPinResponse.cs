namespace Dataphin.UpgradeKit.AspNetCore.Endpoints;

/// <summary>
/// The answer of <c>GET</c>, <c>PUT</c> and <c>DELETE {prefix}/{id}/pin</c>: whether retention keeps the record whatever
/// its policy.
/// </summary>
public sealed class RecordPinResponse
{
    /// <summary>The record.</summary>
    public required UpgradeRecordId Id { get; init; }

    /// <summary>True when the record is pinned: no retention policy removes it until it is unpinned.</summary>
    public required bool Pinned { get; init; }
}
