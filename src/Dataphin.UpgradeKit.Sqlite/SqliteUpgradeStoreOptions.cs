using Dataphin.UpgradeKit.Internal;
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

    /// <summary>
    /// How long a write waits for another writer to finish before failing with <see cref="UpgradeStoreTimeoutException"/>:
    /// first for its turn among this store's writes (an asynchronous queue, holding no thread), then, at the head of the
    /// queue, for the file's write lock held by another process or another store on the same file. Each wait is bounded
    /// by this value, so a write blocked by another's lock fails at most about twice this value, plus 1 s for a checkpoint
    /// that was due before it, after it was called: 61 s with the default. A value that is not a whole
    /// number of seconds can add up to one more of it at the head of the queue, because Microsoft.Data.Sqlite retries
    /// the lock until the value rounded up to whole seconds.
    /// </summary>
    /// <value>The default value is 30 seconds.</value>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// True to bring the schema up to date on first use (the database file belongs to this host alone); false to only
    /// check it and raise <see cref="SchemaVersionMismatchException"/> until the host applies the scripts itself or
    /// calls <see cref="SqliteUpgradeStore.EnsureSchemaAsync"/>.
    /// </summary>
    /// <value>The default value is true.</value>
    public bool EnsureSchemaOnFirstUse { get; set; } = true;

    /// <summary>
    /// True to create a new, empty database when the file is missing when the store first opens it (it logs a warning
    /// saying so); false to fail with <see cref="UpgradeStoreException"/> naming the path. Either way a file
    /// deleted or replaced while the store runs is an error, never silently recreated. Production hosts set it to
    /// false once the database exists (or create it with their own tooling), so that a lost file is noticed instead of
    /// replaced by an empty one; the default suits the first run on a developer's machine.
    /// </summary>
    /// <value>The default value is true.</value>
    public bool CreateIfMissing { get; set; } = true;

    /// <summary>
    /// The size in bytes the write-ahead log (<c>-wal</c> file) may reach: once a commit leaves it larger, the store runs a
    /// truncating checkpoint, which copies the log into the database and gives the log's space back to the disk; the log
    /// is also cut back to this size after every checkpoint (<c>PRAGMA journal_size_limit</c>). The log exceeds it only
    /// by the last transaction, or while another connection keeps reading an old snapshot (the checkpoint is then
    /// retried a few writes later). On a small volume, keep it well below the free space: a full disk is a typed error,
    /// and the store runs a truncating checkpoint before its next write to give the log's space back.
    /// </summary>
    /// <value>The default value is 1 MiB (1,048,576 bytes).</value>
    public long JournalSizeLimit { get; set; } = 1024 * 1024;

    /// <summary>
    /// How often, while there were writes, the store runs a truncating checkpoint (<c>PRAGMA wal_checkpoint(TRUNCATE)</c>),
    /// which copies the write-ahead log into the database and gives its space back to the disk.
    /// </summary>
    /// <value>The default value is 1 minute.</value>
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>After how many writes in a row the store runs a truncating checkpoint without waiting for <see cref="CheckpointInterval"/> (a burst).</summary>
    /// <value>The default value is 1000.</value>
    public int CheckpointAfterWrites { get; set; } = 1000;

    /// <summary>The clock that stamps when an outbox notification was delivered.</summary>
    /// <value>The default value is <see cref="SystemClock.Instance"/>.</value>
    public IClock Clock { get; set; } = SystemClock.Instance;

    /// <summary>
    /// Options for the database file at <paramref name="path"/> (its directory must exist; the file is created when
    /// missing unless <see cref="CreateIfMissing"/> is set to false).
    /// </summary>
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
    public void Validate() =>
        OptionsSection.ThrowIfAny(Problems(), "Invalid SQLite upgrade store options:");

    /// <summary>The problems of these options, each a sentence starting with the option's name; empty when valid.</summary>
    internal List<string> Problems()
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

        if (JournalSizeLimit < 0)
        {
            problems.Add($"JournalSizeLimit must be 0 or more bytes (it is {JournalSizeLimit}).");
        }

        if (CheckpointInterval < TimeSpan.FromSeconds(1) || CheckpointInterval > TimeSpan.FromDays(1))
        {
            problems.Add($"CheckpointInterval must be between 1 second and 1 day (it is {CheckpointInterval}).");
        }

        if (CheckpointAfterWrites < 1)
        {
            problems.Add($"CheckpointAfterWrites must be at least 1 (it is {CheckpointAfterWrites}).");
        }

        if (Clock is null)
        {
            problems.Add("Clock must be set.");
        }

        return problems;
    }
}
