namespace Dataphin.UpgradeKit.PostgreSql;

/// <summary>
/// What <see cref="PostgreSqlUpgradeStore.CheckConnectionCapacityAsync"/> found: this instance's pool size, the
/// instances expected, and the server's connection limits.
/// </summary>
public sealed record PostgreSqlConnectionCapacity
{
    /// <summary>The most connections this instance's pool opens (<c>Maximum Pool Size</c>).</summary>
    public required int PoolSize { get; init; }

    /// <summary>How many instances with such a pool are expected (<see cref="PostgreSqlUpgradeStoreOptions.ExpectedInstances"/>).</summary>
    public required int ExpectedInstances { get; init; }

    /// <summary>The server's <c>max_connections</c>.</summary>
    public required int MaxConnections { get; init; }

    /// <summary>The server's <c>superuser_reserved_connections</c>, which ordinary roles cannot use.</summary>
    public required int ReservedConnections { get; init; }

    /// <summary>Client connections open on the server now, of every application.</summary>
    public required int OpenConnections { get; init; }

    /// <summary>Of those, the ones with this connection's <c>Application Name</c> (set a distinct one per host to tell them apart).</summary>
    public required int OpenWithThisApplicationName { get; init; }

    /// <summary>True when <see cref="ExpectedInstances"/> full pools fit within the connections ordinary roles may open.</summary>
    public bool Fits => (long)PoolSize * ExpectedInstances <= MaxConnections - ReservedConnections;
}
