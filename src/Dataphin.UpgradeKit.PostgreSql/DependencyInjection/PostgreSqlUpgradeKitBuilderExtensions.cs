using Dataphin.UpgradeKit.DependencyInjection;
using Dataphin.UpgradeKit.PostgreSql;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Chooses the PostgreSQL store for UpgradeKit.</summary>
public static class PostgreSqlUpgradeKitBuilderExtensions
{
    /// <summary>
    /// Uses a <see cref="PostgreSqlUpgradeStore"/> with its own connection pool for <paramref name="connectionString"/>
    /// (a singleton the container disposes). Apply the schema first (<see cref="PostgreSqlUpgradeStore.EnsureSchemaAsync"/>
    /// or the package's scripts), or set <see cref="PostgreSqlUpgradeStoreOptions.EnsureSchemaOnFirstUse"/>.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is null.</exception>
    /// <exception cref="ArgumentException">The connection string is empty, or the options are invalid.</exception>
    /// <exception cref="InvalidOperationException">A store was already chosen.</exception>
    public static UpgradeKitBuilder UsePostgreSql(this UpgradeKitBuilder builder, string connectionString) =>
        UsePostgreSql(builder, connectionString, static _ => { });

    /// <inheritdoc cref="UsePostgreSql(UpgradeKitBuilder, string)"/>
    /// <param name="builder">The builder <c>AddUpgradeKit</c> returned.</param>
    /// <param name="connectionString">The Npgsql connection string.</param>
    /// <param name="configure">Sets the store's options.</param>
    public static UpgradeKitBuilder UsePostgreSql(this UpgradeKitBuilder builder, string connectionString,
        Action<PostgreSqlUpgradeStoreOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var options = Configure(configure);
        return builder.UseStore(sp => PostgreSqlUpgradeStore.Create(connectionString, options, sp.GetService<ILogger<PostgreSqlUpgradeStore>>()));
    }

    /// <summary>
    /// Uses a <see cref="PostgreSqlUpgradeStore"/> on the host's <paramref name="dataSource"/>, which the host keeps
    /// owning (the store does not dispose it).
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> or <paramref name="dataSource"/> is null.</exception>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    /// <exception cref="InvalidOperationException">A store was already chosen.</exception>
    public static UpgradeKitBuilder UsePostgreSql(this UpgradeKitBuilder builder, NpgsqlDataSource dataSource) =>
        UsePostgreSql(builder, dataSource, static _ => { });

    /// <inheritdoc cref="UsePostgreSql(UpgradeKitBuilder, NpgsqlDataSource)"/>
    /// <param name="builder">The builder <c>AddUpgradeKit</c> returned.</param>
    /// <param name="dataSource">The host's data source.</param>
    /// <param name="configure">Sets the store's options.</param>
    public static UpgradeKitBuilder UsePostgreSql(this UpgradeKitBuilder builder, NpgsqlDataSource dataSource,
        Action<PostgreSqlUpgradeStoreOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(dataSource);
        var options = Configure(configure);
        return builder.UseStore(sp => new PostgreSqlUpgradeStore(dataSource, options, sp.GetService<ILogger<PostgreSqlUpgradeStore>>()));
    }

    private static PostgreSqlUpgradeStoreOptions Configure(Action<PostgreSqlUpgradeStoreOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var options = new PostgreSqlUpgradeStoreOptions();
        configure(options);
        options.Validate();
        return options;
    }
}
