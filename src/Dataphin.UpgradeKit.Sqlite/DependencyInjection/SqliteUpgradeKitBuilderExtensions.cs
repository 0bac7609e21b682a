using Dataphin.UpgradeKit.DependencyInjection;
using Dataphin.UpgradeKit.Internal;
using Dataphin.UpgradeKit.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Chooses the SQLite store for UpgradeKit.</summary>
public static class SqliteUpgradeKitBuilderExtensions
{
    /// <summary>
    /// Uses a <see cref="SqliteUpgradeStore"/> (a singleton the container disposes) for everything.
    /// <paramref name="databasePathOrConnectionString"/> is either a file path (<c>/var/lib/host/upgrades.db</c>) or a
    /// Microsoft.Data.Sqlite connection string (<c>Data Source=upgrades.db;Cache=Shared</c>): text that parses as a
    /// connection string with a Data Source is taken as one.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="databasePathOrConnectionString"/> is empty, or the options are invalid.</exception>
    /// <exception cref="InvalidOperationException">A store was already chosen.</exception>
    public static UpgradeKitBuilder UseSqlite(this UpgradeKitBuilder builder, string databasePathOrConnectionString,
        Action<SqliteUpgradeStoreOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(databasePathOrConnectionString);
        var options = IsConnectionString(databasePathOrConnectionString)
            ? new SqliteUpgradeStoreOptions { ConnectionString = databasePathOrConnectionString }
            : SqliteUpgradeStoreOptions.ForFile(databasePathOrConnectionString);
        configure?.Invoke(options);
        options.Validate();
        return builder.UseStore(sp => new SqliteUpgradeStore(options, sp.GetService<ILogger<SqliteUpgradeStore>>()));
    }

    /// <summary>
    /// Uses a <see cref="SqliteUpgradeStore"/> with its <see cref="SqliteUpgradeStoreOptions"/> bound from
    /// <paramref name="configuration"/>, usually <c>configuration.GetSection("UpgradeKit:Sqlite")</c>:
    /// <c>{ "ConnectionString": "/var/lib/host/upgrades.db", "BusyTimeout": "00:00:30", "CreateIfMissing": false }</c>.
    /// <c>ConnectionString</c> is required and takes a file path or a connection string, as
    /// <see cref="UseSqlite(UpgradeKitBuilder, string, Action{SqliteUpgradeStoreOptions}?)"/> does; durations are written as
    /// .NET writes a <see cref="TimeSpan"/>. Absent keys keep their defaults.
    /// </summary>
    /// <param name="builder">The builder <c>AddUpgradeKit</c> returned.</param>
    /// <param name="configuration">The section holding the store's options.</param>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> or <paramref name="configuration"/> is null.</exception>
    /// <exception cref="ArgumentException">
    /// A value cannot be read, is missing or is invalid; the message lists every problem under its configuration key
    /// (<c>UpgradeKit:Sqlite:BusyTimeout</c>).
    /// </exception>
    /// <exception cref="InvalidOperationException">A store was already chosen.</exception>
    public static UpgradeKitBuilder UseSqlite(this UpgradeKitBuilder builder, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configuration);
        var options = ReadOptions(configuration);
        return builder.UseStore(sp => new SqliteUpgradeStore(options, sp.GetService<ILogger<SqliteUpgradeStore>>()));
    }

    /// <summary>The store's options as <paramref name="configuration"/> sets them; throws listing every problem under its key.</summary>
    internal static SqliteUpgradeStoreOptions ReadOptions(IConfiguration configuration)
    {
        var problems = new List<string>();
        var section = new OptionsSection(configuration, problems);
        string? target = null;
        section.String(nameof(SqliteUpgradeStoreOptions.ConnectionString), v => target = v);
        var options = string.IsNullOrWhiteSpace(target) ? new SqliteUpgradeStoreOptions()
            : IsConnectionString(target) ? new SqliteUpgradeStoreOptions { ConnectionString = target }
            : SqliteUpgradeStoreOptions.ForFile(target);
        section.TimeSpan(nameof(SqliteUpgradeStoreOptions.BusyTimeout), v => options.BusyTimeout = v);
        section.Boolean(nameof(SqliteUpgradeStoreOptions.EnsureSchemaOnFirstUse), v => options.EnsureSchemaOnFirstUse = v);
        section.Boolean(nameof(SqliteUpgradeStoreOptions.CreateIfMissing), v => options.CreateIfMissing = v);
        section.Int64(nameof(SqliteUpgradeStoreOptions.JournalSizeLimit), v => options.JournalSizeLimit = v);
        section.TimeSpan(nameof(SqliteUpgradeStoreOptions.CheckpointInterval), v => options.CheckpointInterval = v);
        section.Int32(nameof(SqliteUpgradeStoreOptions.CheckpointAfterWrites), v => options.CheckpointAfterWrites = v);
        problems.AddRange(options.Problems().Select(p => OptionsSection.NameKey(p, section.Path)));
        OptionsSection.ThrowIfAny(problems, "Invalid SQLite upgrade store options:");
        return options;
    }

    private static bool IsConnectionString(string text)
    {
        if (!text.Contains('=', StringComparison.Ordinal))
        {
            return false;
        }

        try
        {
            return !string.IsNullOrWhiteSpace(new SqliteConnectionStringBuilder(text).DataSource);
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
