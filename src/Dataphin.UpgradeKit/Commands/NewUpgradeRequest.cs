namespace Dataphin.UpgradeKit.Commands;

/// <summary>What an operator chooses when starting to configure an upgrade.</summary>
/// <param name="TargetVersion">The version to upgrade to; must be greater than <paramref name="InitialVersion"/>.</param>
/// <param name="InitialVersion">The version installed now.</param>
/// <param name="Mode">Maintenance (downtime) or zero-downtime.</param>
/// <param name="DataServiceStudioMode">The mode for DataService Studio.</param>
public sealed record NewUpgradeRequest(
    ProductVersion TargetVersion,
    ProductVersion InitialVersion,
    UpgradeMode Mode,
    DataServiceStudioUpgradeMode DataServiceStudioMode)
{
    /// <summary>The longest <see cref="IdempotencyKey"/> accepted, in characters.</summary>
    public const int MaxIdempotencyKeyLength = 200;

    /// <summary>
    /// A key the caller chooses for this creation (a GUID it made, the id of the console's request), so that the
    /// creation can be retried safely after an unknown outcome: a second creation with the same key
    /// creates nothing and returns the record the first one created. Null (no key) creates a new record every time.
    /// At most <see cref="MaxIdempotencyKeyLength"/> characters, compared exactly (ordinal).
    /// </summary>
    /// <value>The default value is null.</value>
    public string? IdempotencyKey { get; init; }
}
