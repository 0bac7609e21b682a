namespace Dataphin.UpgradeKit.PostgreSql;

/// <summary>
/// What <see cref="PostgreSqlUpgradeStore.CheckConnectionCapacityAsync"/> found: this instance's pool size, the
/// instances expected, and the server's connection limits.
/// </summary>
/// <param name="PoolSize">The most connections this instance's pool opens (<c>Maximum Pool Size</c>).</param>
/// <param name="ExpectedInstances">How many instances with such a pool are expected (<see cref="PostgreSqlUpgradeStoreOptions.ExpectedInstances"/>).</param>
/// <param name="MaxConnections">The server's <c>max_connections</c>.</param>
/// <param name="ReservedConnections">The server's <c>superuser_reserved_connections</c>, which ordinary roles cannot use.</param>
/// <param name="OpenConnections">Client connections open on the server now, of every application.</param>
/// <param name="OpenWithThisApplicationName">Of those, the ones with this connection's <c>Application Name</c> (set a distinct one per host to tell them apart).</param>
public sealed record PostgreSqlConnectionCapacity(
    int PoolSize,
    int ExpectedInstances,
    int MaxConnections,
    int ReservedConnections,
    int OpenConnections,
    int OpenWithThisApplicationName)
{
    /// <summary>True when <see cref="ExpectedInstances"/> full pools fit within the connections ordinary roles may open.</summary>
    public bool Fits => (long)PoolSize * ExpectedInstances <= MaxConnections - ReservedConnections;
}
