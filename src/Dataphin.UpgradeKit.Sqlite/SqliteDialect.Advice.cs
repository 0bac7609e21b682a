using Microsoft.Data.Sqlite;

namespace Dataphin.UpgradeKit.Sqlite;

// Item 5 of issue 17: every error names the file it concerns and says what to do.
internal sealed partial class SqliteDialect
{
    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;
    private const int SqliteReadOnly = 8;
    private const int SqliteIoError = 10;
    private const int SqliteCorrupt = 11;
    internal const int SqliteFull = 13;
    private const int SqliteCantOpen = 14;
    private const int SqliteNotADatabase = 26;
    private const int SqliteIoErrorShmOpen = 4618;
    internal const int SqliteIoErrorShmSize = 4874;
    private const int SqliteIoErrorShmMap = 5386;

    public override string? Advice(Exception exception)
    {
        if (exception is not SqliteException sqlite)
        {
            return null;
        }

        var file = Location;
        return sqlite.SqliteErrorCode switch
        {
            SqliteBusy or SqliteLocked =>
                $"Another connection or process holds the write lock of {file} (a sqlite3 shell in a transaction, a backup, a second host on the file) " +
                "longer than BusyTimeout: end its transaction, then retry.",
            SqliteReadOnly =>
                $"This process cannot write {Files()}{NotWritable()}: give the host's user write access to all three files and to their folder " +
                $"{Path.GetDirectoryName(file)}. A {file}-shm left read-only (mode 0444) by an earlier read-only episode keeps this error until it is " +
                "made writable again, or removed while no process has the database open; then retry.",
            SqliteFull =>
                $"The disk holding {file} is full. Free space on that volume; the store's writes succeed again by themselves once there is " +
                $"space, and its checkpoints give the write-ahead log's space ({file}-wal) back to the disk.",
            SqliteCantOpen =>
                $"Check that {file} and its folder exist and that the host's user may read and write them and create {file}-wal and {file}-shm next to it.",
            SqliteCorrupt or SqliteNotADatabase =>
                $"{file} is not a SQLite database or is damaged: restore it from a backup (sqlite3 {file} 'PRAGMA integrity_check' tells which).",
            SqliteIoError when sqlite.SqliteExtendedErrorCode is SqliteIoErrorShmOpen or SqliteIoErrorShmSize or SqliteIoErrorShmMap =>
                $"The shared-memory file {file}-shm cannot be opened or grown: check the free space and the permissions of {Path.GetDirectoryName(file)}.",
            SqliteIoError =>
                $"The system reported an I/O error on {Files()}: check the disk and the file system (the kernel log says more), then retry.",
            _ => null,
        };
    }

    private string Files() => $"{Location}, {Location}-wal or {Location}-shm";

    /// <summary>Which of the three files lack the owner's write permission now, as a hint for a person; empty when none does.</summary>
    private string NotWritable()
    {
        if (_filePath is null || OperatingSystem.IsWindows())
        {
            return "";
        }

        var readOnly = new[] { _filePath, _filePath + "-wal", _filePath + "-shm" }
            .Where(path => !OperatingSystem.IsWindows() && File.Exists(path) && (File.GetUnixFileMode(path) & UnixFileMode.UserWrite) == 0)
            .ToList();
        return readOnly.Count == 0 ? "" : $" (read-only now: {string.Join(", ", readOnly)})";
    }
}
