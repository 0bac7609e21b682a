using System.Globalization;
using Dataphin.UpgradeKit;
using Dataphin.UpgradeKit.PostgreSql;
using Dataphin.UpgradeKit.Retention;
using Dataphin.UpgradeKit.Sqlite;
using Dataphin.UpgradeKit.Storage;
using NodaTime;

// Runs retention once over a SQLite file or a PostgreSQL database, into a file-system archive, on a fixed clock. With a
// stop step it writes "AT <step>" to stdout when the run reaches it and then waits for its standard input to close,
// which it never does before the test kills the process: a deterministic place to die, no timing involved.
// Usage: Dataphin.UpgradeKit.Testing.RetentionHost <sqlite|postgresql> <path or connection string> <archive directory>
//        <now, unix ticks> <finished record age, days> <minimum finished records> <batch size>
//        <none|after-archive|after-remove|after-confirm|audit-after-archive|audit-after-remove> [audit entry age, days]
// Prints "DONE <removed records>" when the run ends.
if (args.Length is not (8 or 9))
{
    await Console.Error.WriteLineAsync("usage: RetentionHost <sqlite|postgresql> <target> <archive> <now ticks> <age days> <keep> <batch> <stop step> [audit age days]");
    return 2;
}

var invariant = CultureInfo.InvariantCulture;
IUpgradeStore store = args[0] switch
{
    "sqlite" => new SqliteUpgradeStore(SqliteUpgradeStoreOptions.ForFile(args[1])),
    "postgresql" => PostgreSqlUpgradeStore.Create(args[1] + ";Application Name=retention-host"),
    _ => throw new ArgumentException($"unknown store kind {args[0]}"),
};
var options = new UpgradeKitOptions
{
    Retention = new RetentionOptions
    {
        Enabled = true,
        FinishedRecordAge = Duration.FromDays(int.Parse(args[4], invariant)),
        MinimumFinishedRecords = int.Parse(args[5], invariant),
        BatchSize = int.Parse(args[6], invariant),
        AuditEntryAge = args.Length == 9 ? Duration.FromDays(int.Parse(args[8], invariant)) : null,
    },
};
using var archive = new FileSystemRetentionArchive(args[2]);
var retention = new UpgradeRetention(store, new StoppingArchive(archive, args[7]), new FixedClock(Instant.FromUnixTimeTicks(long.Parse(args[3], invariant))), options);
var result = await retention.RunOnceAsync();
await Console.Out.WriteLineAsync(string.Create(invariant, $"DONE {result.RemovedRecords}"));
await Console.Out.FlushAsync();
if (store is IAsyncDisposable disposable)
{
    await disposable.DisposeAsync();
}

return 0;

/// <summary>The archive, stopping the run at one step of its first batch (of records, or of audit entries for the audit steps).</summary>
internal sealed class StoppingArchive(IRetentionArchive inner, string step) : IRetentionArchive
{
    public async Task<IReadOnlyList<RetentionArchiveFile>> WriteBatchAsync(RetentionArchiveBatch batch, CancellationToken cancellationToken = default)
    {
        var files = await inner.WriteBatchAsync(batch, cancellationToken);
        await StopAtAsync("after-archive"); // the archive is final; nothing of the batch is removed yet
        return files;
    }

    public Task<IReadOnlyList<RetentionArchiveBatchInfo>> ReadUnconfirmedBatchesAsync(CancellationToken cancellationToken = default) =>
        inner.ReadUnconfirmedBatchesAsync(cancellationToken);

    public async Task ConfirmRemovedAsync(Guid batchId, IReadOnlyCollection<UpgradeRecordId> removed, CancellationToken cancellationToken = default)
    {
        await StopAtAsync("after-remove"); // the removal committed; the archive does not know yet
        await inner.ConfirmRemovedAsync(batchId, removed, cancellationToken);
        await StopAtAsync("after-confirm"); // between batches
    }

    public async Task<IReadOnlyList<RetentionArchiveFile>> WriteAuditBatchAsync(RetentionAuditArchiveBatch batch, CancellationToken cancellationToken = default)
    {
        var files = await inner.WriteAuditBatchAsync(batch, cancellationToken);
        await StopAtAsync("audit-after-archive"); // the entries are final in the archive; none is removed yet
        return files;
    }

    public async Task ConfirmAuditEntriesRemovedAsync(Guid batchId, IReadOnlyCollection<string> removed, CancellationToken cancellationToken = default)
    {
        await StopAtAsync("audit-after-remove"); // the entries' removal committed; the archive does not know yet
        await inner.ConfirmAuditEntriesRemovedAsync(batchId, removed, cancellationToken);
    }

    private async Task StopAtAsync(string at)
    {
        if (at != step)
        {
            return;
        }

        await Console.Out.WriteLineAsync("AT " + at);
        await Console.Out.FlushAsync();
        await Console.In.ReadToEndAsync(); // until the test kills this process
        throw new InvalidOperationException("the test closed the input instead of killing the host");
    }
}

/// <summary>A clock that always reads the same instant.</summary>
internal sealed class FixedClock(Instant now) : IClock
{
    public Instant GetCurrentInstant() => now;
}
