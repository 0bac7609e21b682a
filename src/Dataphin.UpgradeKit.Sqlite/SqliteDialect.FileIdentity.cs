using Dataphin.UpgradeKit.Internal;
using Dataphin.UpgradeKit.Relational;

namespace Dataphin.UpgradeKit.Sqlite;

// R-STORE-1: the store never writes into a database file that is gone and never silently replaces one.
internal sealed partial class SqliteDialect
{
    private readonly string? _filePath;
    private readonly string? _fileToCreate;
    private readonly Lock _fileGate = new();
    private volatile bool _fileChecked;
    private volatile FileIdentity? _identity;

    /// <summary>
    /// Before the store's first connection: a missing file is created (owner-only, with a warning) when the host
    /// allows it, and is an error naming the path otherwise.
    /// </summary>
    private void EnsureFileBeforeFirstOpen()
    {
        lock (_fileGate)
        {
            if (_fileChecked)
            {
                return;
            }

            if (_filePath is not null && !File.Exists(_filePath))
            {
                if (_fileToCreate is null)
                {
                    throw new StoreFault($"There is no database file at {_filePath}",
                        "Restore the file from a backup or correct the path; to start with a new, empty database instead, set " +
                        "SqliteUpgradeStoreOptions.CreateIfMissing to true (docs/storage.md, Creating the database).");
                }

                // Before SQLite would create the file with the process's umask (usually 0644): an empty file is a new database.
                SqliteDatabaseFile.CreateOwnerOnly(_fileToCreate);
                if (OperatingSystem.IsWindows() && Directory.Exists(Path.GetDirectoryName(_fileToCreate)))
                {
                    using var created = new FileStream(_fileToCreate, FileMode.OpenOrCreate, FileAccess.Write);
                }

                if (File.Exists(_fileToCreate))
                {
                    Log?.DatabaseCreated();
                }
            }

            _fileChecked = true;
        }
    }

    /// <summary>After a connection opened the file: the identity every later write compares with.</summary>
    private void RememberIdentity()
    {
        if (_filePath is not null && _identity is null)
        {
            _identity = IdentityOf(_filePath);
        }
    }

    public override Task CheckBeforeWriteAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction transaction,
        CancellationToken cancellationToken)
    {
        if (_filePath is null || _identity is not { } opened)
        {
            return Task.CompletedTask;
        }

        var now = IdentityOf(_filePath);
        if (now is null)
        {
            throw new StoreFault($"The database file {_filePath} was deleted while the store had it open",
                "The store writes nothing more to it and does not create a new one in its place. Stop the host, put the file " +
                "back (from where it was moved, or from a backup) and start the host again.");
        }

        if (now != opened)
        {
            throw new StoreFault($"The database file {_filePath} was replaced by another file while the store had it open",
                "The store writes nothing more to either file. Stop the host, decide which file is the database (a restored " +
                "backup belongs there only while no host has it open) and start the host again.");
        }

        return Task.CompletedTask;
    }

    /// <summary>True when the file at the path is still the one the store opened (or the store has not opened it yet).</summary>
    internal bool FileStillOpened()
    {
        try
        {
            return _filePath is null || _identity is not { } opened || IdentityOf(_filePath) == opened;
        }
        catch (StoreFault)
        {
            return false;
        }
    }

    /// <summary>Device and inode on Linux; elsewhere only whether the file exists (a replaced file is not noticed there).</summary>
    private static FileIdentity? IdentityOf(string path)
    {
        try
        {
            if (OperatingSystem.IsLinux())
            {
                return LinuxFiles.Stat(path, followLinks: true) is { } stat ? new FileIdentity(stat.Device, stat.Inode) : null;
            }

            return File.Exists(path) ? new FileIdentity(0, 0) : null;
        }
        catch (IOException ex)
        {
            throw new StoreFault($"The database file {path} cannot be inspected: {ex.Message}",
                "Check that the host's user may read the file's folder.");
        }
    }

    /// <summary>What names one file on one file system.</summary>
    private sealed record FileIdentity(ulong Device, ulong Inode);
}
