using Microsoft.Data.Sqlite;

namespace Dataphin.UpgradeKit.Sqlite;

/// <summary>
/// Creates the database file owner-only before SQLite would create it with the process's umask (R-SEC-6). SQLite then
/// gives the <c>-wal</c> and <c>-shm</c> files it creates next to it the database file's permissions.
/// </summary>
internal static class SqliteDatabaseFile
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>
    /// The full path of the database file the connection string names, or null when it names no plain file: an
    /// in-memory database, a URI file name, <c>|DataDirectory|</c>.
    /// </summary>
    public static string? PathOf(SqliteConnectionStringBuilder builder)
    {
        var dataSource = builder.DataSource;
        if (builder.Mode is SqliteOpenMode.Memory || string.IsNullOrWhiteSpace(dataSource) || dataSource == ":memory:"
            || dataSource.StartsWith("file:", StringComparison.OrdinalIgnoreCase)
            || dataSource.StartsWith("|DataDirectory|", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return Path.GetFullPath(dataSource);
    }

    /// <summary>
    /// The full path of the file the connection string may create, or null when it creates none the store can secure
    /// first: an in-memory database, a URI file name, a read-only or read-write (no create) mode, or Windows.
    /// </summary>
    public static string? PathToCreate(SqliteConnectionStringBuilder builder)
    {
        var dataSource = builder.DataSource;
        if (OperatingSystem.IsWindows() || builder.Mode is not SqliteOpenMode.ReadWriteCreate || string.IsNullOrWhiteSpace(dataSource)
            || dataSource == ":memory:" || dataSource.StartsWith("file:", StringComparison.OrdinalIgnoreCase)
            || dataSource.StartsWith("|DataDirectory|", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return Path.GetFullPath(dataSource);
    }

    /// <summary>Creates an empty file at <paramref name="path"/> with mode 0600 unless a file is there already (whose mode is the host's).</summary>
    public static void CreateOwnerOnly(string? path)
    {
        if (path is null || OperatingSystem.IsWindows() || File.Exists(path))
        {
            return;
        }

        try
        {
            using var file = new FileStream(path, new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                UnixCreateMode = OwnerOnly,
            });
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another store or process created it first; it secured it the same way, or the file is the host's.
        }
        catch (DirectoryNotFoundException)
        {
            // SQLite reports the missing directory itself when it opens the file.
        }
        catch (UnauthorizedAccessException)
        {
            // The same: SQLite's own error says the folder cannot be written.
        }
    }
}
