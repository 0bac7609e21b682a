using Dataphin.UpgradeKit.DependencyInjection;
using Dataphin.UpgradeKit.Internal;
using Dataphin.UpgradeKit.PostgreSql;
using Microsoft.Extensions.Configuration;
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
        return WithCapacityCheck(builder.UseStore(sp => PostgreSqlUpgradeStore.Create(connectionString, options, sp.GetService<ILogger<PostgreSqlUpgradeStore>>())));
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
        return WithCapacityCheck(builder.UseStore(sp => new PostgreSqlUpgradeStore(dataSource, options, sp.GetService<ILogger<PostgreSqlUpgradeStore>>())));
    }

    /// <summary>
    /// Uses a <see cref="PostgreSqlUpgradeStore"/> with its own connection pool, its connection string and
    /// <see cref="PostgreSqlUpgradeStoreOptions"/> bound from <paramref name="configuration"/>, usually
    /// <c>configuration.GetSection("UpgradeKit:PostgreSql")</c>:
    /// <c>{ "ConnectionString": "Host=db;Database=console;Username=console", "EnsureSchemaOnFirstUse": false, "TransientConflictRetries": 3 }</c>.
    /// <c>ConnectionString</c> is required. Absent keys keep their defaults.
    /// </summary>
    /// <param name="builder">The builder <c>AddUpgradeKit</c> returned.</param>
    /// <param name="configuration">The section holding the store's settings.</param>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> or <paramref name="configuration"/> is null.</exception>
    /// <exception cref="ArgumentException">
    /// A value cannot be read, is missing or is invalid; the message lists every problem under its configuration key
    /// (<c>UpgradeKit:PostgreSql:TransientConflictRetries</c>), never the connection string's text.
    /// </exception>
    /// <exception cref="InvalidOperationException">A store was already chosen.</exception>
    public static UpgradeKitBuilder UsePostgreSql(this UpgradeKitBuilder builder, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configuration);
        var options = ReadOptions(configuration, out var connectionString);
        return WithCapacityCheck(builder.UseStore(sp => PostgreSqlUpgradeStore.Create(connectionString, options, sp.GetService<ILogger<PostgreSqlUpgradeStore>>())));
    }

    /// <summary>The store's options and connection string as <paramref name="configuration"/> sets them; throws listing every problem under its key.</summary>
    internal static PostgreSqlUpgradeStoreOptions ReadOptions(IConfiguration configuration, out string connectionString)
    {
        var problems = new List<string>();
        var section = new OptionsSection(configuration, problems);
        string? text = null;
        section.String("ConnectionString", v => text = v);
        if (string.IsNullOrWhiteSpace(text))
        {
            problems.Add($"{section.KeyOf("ConnectionString")} must be set (e.g. 'Host=db;Database=console;Username=console').");
        }

        var options = new PostgreSqlUpgradeStoreOptions();
        section.Boolean(nameof(PostgreSqlUpgradeStoreOptions.EnsureSchemaOnFirstUse), v => options.EnsureSchemaOnFirstUse = v);
        section.Int32(nameof(PostgreSqlUpgradeStoreOptions.TransientConflictRetries), v => options.TransientConflictRetries = v);
        section.Int32(nameof(PostgreSqlUpgradeStoreOptions.ExpectedInstances), v => options.ExpectedInstances = v);
        section.Boolean(nameof(PostgreSqlUpgradeStoreOptions.PrepareStatements), v => options.PrepareStatements = v);
        problems.AddRange(options.Problems().Select(p => OptionsSection.NameKey(p, section.Path)));
        OptionsSection.ThrowIfAny(problems, "Invalid PostgreSQL upgrade store options:");
        connectionString = text!;
        return options;
    }

    private static PostgreSqlUpgradeStoreOptions Configure(Action<PostgreSqlUpgradeStoreOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var options = new PostgreSqlUpgradeStoreOptions();
        configure(options);
        options.Validate();
        return options;
    }

    // A host that starts its hosted services learns at start-up whether its pools fit the server (event 2210).
    private static UpgradeKitBuilder WithCapacityCheck(UpgradeKitBuilder builder)
    {
        builder.Services.AddHostedService(sp => new PostgreSqlCapacityCheck(
            sp.GetRequiredService<PostgreSqlUpgradeStore>(), sp.GetService<ILogger<PostgreSqlUpgradeStore>>()));
        return builder;
    }
}
