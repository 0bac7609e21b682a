using Dataphin.UpgradeKit.DependencyInjection;
using Dataphin.UpgradeKit.Sqlite;
using Microsoft.Data.Sqlite;
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
