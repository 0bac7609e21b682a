namespace Dataphin.UpgradeKit.Commands;

/// <summary>What an operator chooses when starting to configure an upgrade.</summary>
public sealed record NewUpgradeRequest
{
    /// <summary>The longest <see cref="IdempotencyKey"/> accepted, in characters.</summary>
    public const int MaxIdempotencyKeyLength = 200;

    /// <summary>The version to upgrade to; must be greater than <see cref="InitialVersion"/>.</summary>
    public required ProductVersion TargetVersion { get; init; }

    /// <summary>The version installed now.</summary>
    public required ProductVersion InitialVersion { get; init; }

    /// <summary>Maintenance (downtime) or zero-downtime.</summary>
    public required UpgradeMode Mode { get; init; }

    /// <summary>The mode for DataService Studio.</summary>
    public required DataServiceStudioUpgradeMode DataServiceStudioMode { get; init; }

    /// <summary>
    /// A key the caller chooses for this creation (a GUID it made, the id of the console's request), so that the
    /// creation can be retried safely after an unknown outcome: a second creation with the same key
    /// creates nothing and returns the record the first one created. Null (no key) creates a new record every time.
    /// At most <see cref="MaxIdempotencyKeyLength"/> characters, compared exactly (ordinal).
    /// </summary>
    /// <value>The default value is null.</value>
    public string? IdempotencyKey { get; init; }
}
