using Dataphin.UpgradeKit.Storage;
using Microsoft.Data.Sqlite;
using Xunit;

namespace Dataphin.UpgradeKit.Sqlite.Tests;

// R-REC-1, R-TIME-2: a row no operation can produce (edited by hand, or corrupted) is reported as such when it is read,
// instead of being shown or acted on.
public sealed partial class SqliteUpgradeStoreTests
{
    [Theory]
    [InlineData("failure_reason = 'edited by hand'", "failure reason")]
    [InlineData("upgrade_started_at = 20, upgrade_ended_at = 10", "before it started")]
    [InlineData("version = 0", "version")]
    public async Task Find_RowEditedIntoAnUnreachableState_ThrowsUnreachableRecordState_R_REC_1(string assignment, string problem)
    {
        using var store = _database.OpenStore();
        var record = NewRecord();
        await store.InsertAsync(record, Creation(record));
        await using (var connection = new SqliteConnection($"Data Source={_database.PathOf()};Pooling=false"))
        {
            await connection.OpenAsync();
            await using var edit = connection.CreateCommand();
            edit.CommandText = $"UPDATE upgrade_records SET {assignment}";
            Assert.Equal(1, await edit.ExecuteNonQueryAsync());
        }

        var error = await Assert.ThrowsAsync<UnreachableRecordStateException>(() => store.FindAsync(record.Id).AsTask());

        Assert.Equal(record.Id, error.RecordId);
        Assert.Contains(problem, error.Problem, StringComparison.Ordinal);
        await Assert.ThrowsAsync<UnreachableRecordStateException>(() => store.ListAsync(new UpgradeRecordQuery()));
    }
}
