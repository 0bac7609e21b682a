namespace Dataphin.UpgradeKit;

/// <summary>
/// The database's schema is not the version the store package expects: older (apply the package's scripts, or
/// call the store's <c>EnsureSchemaAsync</c>) or newer (a newer package wrote it; upgrade this host's package).
/// Nothing was read or written.
/// </summary>
public sealed class SchemaVersionMismatchException : UpgradeStoreException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="store">The kind of store, e.g. <c>SQLite</c>.</param>
    /// <param name="expectedVersion">The schema version the package expects.</param>
    /// <param name="actualVersion">The schema version found; 0 when the database has no schema yet.</param>
    public SchemaVersionMismatchException(string store, int expectedVersion, int actualVersion)
        : base(actualVersion < expectedVersion
            ? $"The {store} database has schema version {actualVersion}, older than the version {expectedVersion} this package expects: apply the package's schema scripts or call EnsureSchemaAsync."
            : $"The {store} database has schema version {actualVersion}, newer than the version {expectedVersion} this package knows: a newer package migrated it; upgrade this host's package.")
    {
        ExpectedVersion = expectedVersion;
        ActualVersion = actualVersion;
    }

    /// <summary>The schema version the package expects.</summary>
    public int ExpectedVersion { get; }

    /// <summary>The schema version found in the database; 0 when it has none.</summary>
    public int ActualVersion { get; }
}
