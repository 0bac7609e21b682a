using Microsoft.Data.Sqlite;
using NodaTime;

namespace Dataphin.UpgradeKit.Sqlite;

/// <summary>Settings of a <see cref="SqliteUpgradeStore"/>.</summary>
public sealed class SqliteUpgradeStoreOptions
{
    /// <summary>
    /// The Microsoft.Data.Sqlite connection string, e.g. <c>Data Source=/var/lib/host/upgrades.db</c>. Required.
    /// Use <see cref="ForFile"/> to build it from a path.
    /// </summary>
    public string ConnectionString { get; set; } = string.Empty;

    /// <summary>How long a write waits for another writer (another thread or process) to finish before failing.</summary>
    /// <value>The default value is 30 seconds.</value>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// True to bring the schema up to date on first use (the database file belongs to this host alone); false to only
    /// check it and raise <see cref="SchemaVersionMismatchException"/> until the host applies the scripts itself or
    /// calls <see cref="SqliteUpgradeStore.EnsureSchemaAsync"/>.
    /// </summary>
    /// <value>The default value is true.</value>
    public bool EnsureSchemaOnFirstUse { get; set; } = true;

    /// <summary>The clock that stamps when an outbox notification was delivered.</summary>
    /// <value>The default value is <see cref="SystemClock.Instance"/>.</value>
    public IClock Clock { get; set; } = SystemClock.Instance;

    /// <summary>Options for the database file at <paramref name="path"/> (created when missing; its directory must exist).</summary>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null, empty or white space.</exception>
    public static SqliteUpgradeStoreOptions ForFile(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return new SqliteUpgradeStoreOptions
        {
            ConnectionString = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate }.ToString(),
        };
    }

    /// <summary>Throws when a setting is invalid, listing every problem at once.</summary>
    /// <exception cref="ArgumentException">One or more settings are invalid.</exception>
    public void Validate()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            problems.Add("ConnectionString must be set (e.g. 'Data Source=upgrades.db').");
        }
        else
        {
            try
            {
                if (string.IsNullOrWhiteSpace(new SqliteConnectionStringBuilder(ConnectionString).DataSource))
                {
                    problems.Add("ConnectionString must name a Data Source.");
                }
            }
            catch (ArgumentException ex)
            {
                problems.Add($"ConnectionString is not a SQLite connection string: {ex.Message}");
            }
        }

        if (BusyTimeout < TimeSpan.Zero || BusyTimeout > TimeSpan.FromMinutes(10))
        {
            problems.Add($"BusyTimeout must be between 0 and 10 minutes (it is {BusyTimeout}).");
        }

        if (Clock is null)
        {
            problems.Add("Clock must be set.");
        }

        if (problems.Count > 0)
        {
            throw new ArgumentException("Invalid SQLite upgrade store options: " + string.Join(" ", problems));
        }
    }
}
