using System.Globalization;

namespace Dataphin.UpgradeKit.Testing.HostTools;

/// <summary>
/// The committed real databases of one schema version (<c>tests/fixtures/schema-v{version}</c>, copied next to the
/// test assembly): a SQLite file <c>upgradekit-v{version}.db</c> and a PostgreSQL dump <c>upgradekit-v{version}.pg.sql</c>.
/// Tests work on copies: the committed files never change.
/// </summary>
internal static class SchemaFixtureFiles
{
    public static string DirectoryOf(int version) =>
        Path.Combine(AppContext.BaseDirectory, "fixtures", string.Create(CultureInfo.InvariantCulture, $"schema-v{version}"));

    public static string CopySqliteDatabase(int version, string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        File.Copy(Path.Combine(DirectoryOf(version), string.Create(CultureInfo.InvariantCulture, $"upgradekit-v{version}.db")), path, overwrite: false);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return path;
    }

    public static string RestorePostgreSqlDatabase(int version, PostgreSqlTestCluster cluster, string database)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentException.ThrowIfNullOrWhiteSpace(database);
        var port = cluster.Port.ToString(CultureInfo.InvariantCulture);
        var psql = Path.Combine(cluster.BinDirectory, "psql");
        string[] connect = ["-h", "127.0.0.1", "-p", port, "-U", "postgres", "-v", "ON_ERROR_STOP=1", "-q"];
        PostgreSqlTestCluster.Run(psql, [.. connect, "-d", "postgres", "-c", $"CREATE DATABASE \"{database.Replace("\"", "\"\"", StringComparison.Ordinal)}\""]);
        PostgreSqlTestCluster.Run(psql, [.. connect, "-d", database, "-f",
            Path.Combine(DirectoryOf(version), string.Create(CultureInfo.InvariantCulture, $"upgradekit-v{version}.pg.sql"))]);
        return cluster.ConnectionString(database);
    }
}
