using Microsoft.Extensions.Logging;

namespace Dataphin.UpgradeKit.Sqlite;

/// <summary>Log lines of the SQLite store's disk-space handling (event ids 2050-2099; the shared store lines use 2000-2049).</summary>
internal static partial class SqliteStoreLog
{
    [LoggerMessage(2050, LogLevel.Warning,
        "The write-ahead log of {Location} is {WalBytes} bytes, over its limit of {LimitBytes} bytes, and a checkpoint could not finish because another connection still reads an older snapshot; it is tried again {Writes} writes later")]
    public static partial void CheckpointBusyOverLimit(ILogger logger, string location, long walBytes, long limitBytes, int writes);

    [LoggerMessage(2051, LogLevel.Warning,
        "The disk holding {Location} is full; the store's next write first runs a truncating checkpoint to give the write-ahead log's space back")]
    public static partial void DiskFull(ILogger logger, string location);

    [LoggerMessage(2052, LogLevel.Information, "Writes to {Location} succeed again after the disk was full")]
    public static partial void RecoveredFromFullDisk(ILogger logger, string location);
}
