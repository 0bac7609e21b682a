using Dataphin.UpgradeKit.DependencyInjection;
using Dataphin.UpgradeKit.Storage;
using Npgsql;

namespace Dataphin.UpgradeKit.Samples.Web;

/// <summary>
/// Where the sample keeps its records: a SQLite file of its own (the default, reset and seeded at every start), or a
/// PostgreSQL database that several instances of the sample share (<c>--postgres "&lt;connection string&gt;"</c>), which is
/// never reset and is seeded only while it holds no record, by exactly one of the instances starting on it.
/// </summary>
internal abstract class SampleDatabase
{
    /// <summary>Where the database is, for the log: a file path, or host, port and database name (never a password).</summary>
    public abstract string Location { get; }

    /// <summary>The default folder of the Data Protection key ring, which every instance sharing the records must share too.</summary>
    public abstract string DefaultKeysFolder { get; }

    public abstract UpgradeKitBuilder Use(UpgradeKitBuilder builder);

    /// <summary>Seeds the records unless they are seeded already; false when another instance (or an earlier run) did.</summary>
    public abstract Task<bool> SeedAsync(UpgradeKitFeatures service, SeedingClock clock, CancellationToken cancellationToken);

    public static SampleDatabase Choose(IConfiguration configuration, Func<string> userDataFolder)
    {
        if (configuration[SampleApp.PostgreSqlConnectionStringKey] is { Length: > 0 } connectionString)
        {
            return new PostgreSql(connectionString, userDataFolder);
        }

        var path = Path.GetFullPath(configuration[SampleApp.DatabasePathKey] ?? Path.Combine(userDataFolder(), "upgrades.db"));
        return new Sqlite(path);
    }

    private sealed class Sqlite(string path) : SampleDatabase
    {
        public override string Location => path;

        public override string DefaultKeysFolder => Path.Combine(Path.GetDirectoryName(path)!, "keys");

        public override UpgradeKitBuilder Use(UpgradeKitBuilder builder)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                File.Delete(path + suffix); // a fresh, known set of records at every start
            }

            return builder.UseSqlite(path);
        }

        public override async Task<bool> SeedAsync(UpgradeKitFeatures service, SeedingClock clock, CancellationToken cancellationToken)
        {
            await new SampleUpgrades(service, clock).SeedAsync();
            return true;
        }
    }

    private sealed class PostgreSql(string connectionString, Func<string> userDataFolder) : SampleDatabase
    {
        // A session-level advisory lock of the sample's own (the SDK's locks are 4242710001 and 4242710002): instances
        // starting together take turns, and each one after the first finds the records there and leaves them.
        private const long SeedLockKey = 4242713001;

        public override string Location
        {
            get
            {
                var parts = new NpgsqlConnectionStringBuilder(connectionString);
                return $"PostgreSQL database {parts.Database} on {parts.Host}:{parts.Port}";
            }
        }

        public override string DefaultKeysFolder => Path.Combine(userDataFolder(), "keys");

        // The sample creates its own schema; a production host applies the package's scripts with its own tooling.
        public override UpgradeKitBuilder Use(UpgradeKitBuilder builder) => builder.UsePostgreSql(connectionString, o => o.EnsureSchemaOnFirstUse = true);

        public override async Task<bool> SeedAsync(UpgradeKitFeatures service, SeedingClock clock, CancellationToken cancellationToken)
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(cancellationToken);
            await ExecuteAsync(connection, "SELECT pg_advisory_lock(@key)", cancellationToken);
            try
            {
                var existing = await service.Queries.ListAsync(new UpgradeRecordQuery { PageSize = 1 }, cancellationToken);
                if (existing.Items.Count > 0)
                {
                    return false;
                }

                await new SampleUpgrades(service, clock).SeedAsync();
                return true;
            }
            finally
            {
                // Closing the connection would release the lock too; unlocking first keeps a pooled connection clean.
                await ExecuteAsync(connection, "SELECT pg_advisory_unlock(@key)", CancellationToken.None);
            }
        }

        private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
        {
            await using var command = new NpgsqlCommand(sql, connection);
            command.Parameters.AddWithValue("key", SeedLockKey);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}
