namespace Dataphin.UpgradeKit.Testing.HostTools;

/// <summary>
/// Real databases of schema version 1, written by the version-1 code (see <c>tests/fixtures/schema-v1/README.md</c>
/// for how and what they hold), for in-place upgrade tests. Tests work on copies: the committed files never change.
/// </summary>
public static class SchemaV1Fixtures
{
    /// <summary>The folder the fixtures are copied to next to the test assembly.</summary>
    public static string Directory => SchemaFixtureFiles.DirectoryOf(1);

    /// <summary>The number of upgrade records in each fixture database.</summary>
    public const int RecordCount = 11;

    /// <summary>The number of notifications still pending (not delivered) in each fixture database.</summary>
    public const int PendingNotificationCount = 3;

    /// <summary>The number of notifications in each fixture database, delivered or not.</summary>
    public const int NotificationCount = 9;

    /// <summary>The number of timeline events in each fixture database.</summary>
    public const int TimelineEventCount = 293;

    /// <summary>The number of audit entries in each fixture database.</summary>
    public const int AuditEntryCount = 57;

    /// <summary>
    /// Copies the version-1 SQLite database to <paramref name="path"/> (which must not exist) with mode 0600, and
    /// returns <paramref name="path"/>.
    /// </summary>
    public static string CopySqliteDatabase(string path) => SchemaFixtureFiles.CopySqliteDatabase(1, path);

    /// <summary>
    /// Creates database <paramref name="database"/> in <paramref name="cluster"/> and restores the version-1 dump into
    /// it with <c>psql</c>; returns a connection string to it.
    /// </summary>
    public static string RestorePostgreSqlDatabase(PostgreSqlTestCluster cluster, string database) =>
        SchemaFixtureFiles.RestorePostgreSqlDatabase(1, cluster, database);
}
