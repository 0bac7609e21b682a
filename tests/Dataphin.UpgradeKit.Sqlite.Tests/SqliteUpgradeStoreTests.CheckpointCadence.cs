using Xunit;

namespace Dataphin.UpgradeKit.Sqlite.Tests;

public sealed partial class SqliteUpgradeStoreTests
{
    /// <summary>
    /// R-STORE-4 and R-TIME-11: the truncating checkpoint runs once per <c>CheckpointAfterWrites</c> writes, not on every
    /// write after the first burst. It used to read the answer of <c>PRAGMA busy_timeout</c> as the checkpoint's busy
    /// flag, took every checkpoint for refused and checkpointed on every commit from then on: a report cost about ten
    /// times as much after a store's 1,000th write.
    /// </summary>
    [Fact]
    public async Task Writes_ThreeBurstsOfCheckpointAfterWrites_R_STORE_4_CheckpointOncePerBurst()
    {
        var logger = new ListLogger<SqliteUpgradeStore>();
        var options = SqliteUpgradeStoreOptions.ForFile(_database.PathOf());
        options.CheckpointAfterWrites = 5;
        options.CheckpointInterval = TimeSpan.FromDays(1); // only the bursts checkpoint
        using var store = new SqliteUpgradeStore(options, logger);
        await store.EnsureSchemaAsync();

        for (var i = 0; i < 17; i++)
        {
            var record = NewRecord();
            await store.InsertAsync(record, Creation(record));
        }

        var checkpoints = logger.Lines.Where(l => l.Id.Name == "Checkpointed").ToList();
        Assert.Equal(3, checkpoints.Count); // after writes 5, 10 and 15
        Assert.DoesNotContain(logger.Lines, l => l.Id.Name == "CheckpointFailed");
    }
}
