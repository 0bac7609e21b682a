using System.Text.Json.Nodes;
using Dataphin.UpgradeKit.Auditing;
using Dataphin.UpgradeKit.Retention;
using NodaTime;
using Xunit;

namespace Dataphin.UpgradeKit.Tests.Retention;

/// <summary>
/// The default archive (R-RET-2): one file per day of finish whatever the batches, each final before the manifest names
/// it, and what a crash between the two leaves is undone so that nothing is archived twice.
/// </summary>
public sealed class FileSystemRetentionArchiveTests : IDisposable
{
    private static readonly Instant Day1 = Instant.FromUtc(2025, 3, 1, 10, 0);
    private static readonly Instant Day2 = Instant.FromUtc(2025, 3, 2, 10, 0);

    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("upgradekit-archive-");

    public void Dispose() => _directory.Delete(recursive: true);

    [Fact]
    public async Task WriteBatch_BatchesOfTheSameDay_GoToThatDaysOneFile_R_RET_2()
    {
        var (r1, r2, r3) = (Archived(Day1, 1), Archived(Day1 + Duration.FromHours(5), 2), Archived(Day2, 3));
        using (var archive = new FileSystemRetentionArchive(_directory.FullName))
        {
            await archive.WriteBatchAsync(Batch(r1));
            var second = await archive.WriteBatchAsync(Batch(r2, r3));
            Assert.Equal([("upgrades-2025-03-01.jsonl.gz", 1), ("upgrades-2025-03-02.jsonl.gz", 1)], second.Select(f => (f.Name, f.Records)));
        }

        Assert.Equal(["upgrades-2025-03-01.jsonl.gz", "upgrades-2025-03-02.jsonl.gz"], DataFiles());
        var manifest = Manifest();
        Assert.Equal([2, 1], manifest["files"]!.AsArray().Select(f => (int)f!["records"]!));
        Assert.Equal([r1.Record.Id, r2.Record.Id, r3.Record.Id], await ReadBackAsync());
    }

    [Fact]
    public async Task WriteBatch_CrashAfterTheDayFileWasReplacedBeforeTheManifest_IsCutBackAndArchivedOnce_R_RET_2()
    {
        var (r1, r2) = (Archived(Day1, 1), Archived(Day1 + Duration.FromHours(1), 2));
        var manifestPath = Path.Combine(_directory.FullName, FileSystemRetentionArchive.ManifestFileName);
        using (var archive = new FileSystemRetentionArchive(_directory.FullName))
        {
            await archive.WriteBatchAsync(Batch(r1));
            var manifestBefore = await File.ReadAllBytesAsync(manifestPath);
            await archive.WriteBatchAsync(Batch(r2));
            // The process died after renaming the day file with r2's member, before the manifest named it.
            await File.WriteAllBytesAsync(manifestPath, manifestBefore);
        }

        using (var archive = new FileSystemRetentionArchive(_directory.FullName))
        {
            Assert.Equal([r1.Record.Id], (await archive.ReadUnconfirmedBatchesAsync()).SelectMany(b => b.RecordIds));
            // Cut back to what the manifest names: the reader's hash check passes and r2 is not in the archive yet.
            Assert.Equal([r1.Record.Id], await ReadBackAsync());

            // The next run archives r2 again (it is still in the store), once.
            await archive.WriteBatchAsync(Batch(r2));
        }

        Assert.Equal([r1.Record.Id, r2.Record.Id], await ReadBackAsync());
        Assert.Single(DataFiles());
    }

    [Fact]
    public async Task WriteBatch_DayFileChangedOnDisk_RefusesToWriteIntoIt_R_RET_2()
    {
        using var archive = new FileSystemRetentionArchive(_directory.FullName);
        await archive.WriteBatchAsync(Batch(Archived(Day1, 1)));
        var path = Path.Combine(_directory.FullName, DataFiles().Single());
        var bytes = await File.ReadAllBytesAsync(path);
        bytes[^5] ^= 0xFF;
        await File.WriteAllBytesAsync(path, bytes);

        await Assert.ThrowsAsync<RetentionArchiveException>(() => archive.WriteBatchAsync(Batch(Archived(Day1 + Duration.FromHours(1), 2))));
        Assert.Equal(bytes, await File.ReadAllBytesAsync(path));
        Assert.Single(Manifest()["batches"]!.AsArray());
    }

    [Fact]
    public async Task ConfirmRemoved_TheManifestDoesNotGrowWithTheBatchesBefore_R_RET_2()
    {
        // Every batch on the same day: the manifest names one file whatever the number of batches, and a confirmed batch
        // leaves it for the batch log, so what each batch reads and rewrites stays the same size.
        var manifestPath = Path.Combine(_directory.FullName, FileSystemRetentionArchive.ManifestFileName);
        var written = new List<UpgradeRecordId>();
        var sizes = new List<long>();
        using (var archive = new FileSystemRetentionArchive(_directory.FullName))
        {
            for (var n = 1; n <= 40; n++)
            {
                var record = Archived(Day1 + Duration.FromMinutes(n), n);
                var batch = Batch(record);
                await archive.WriteBatchAsync(batch);
                await archive.ConfirmRemovedAsync(batch.Id, [record.Record.Id]);
                written.Add(record.Record.Id);
                sizes.Add(new FileInfo(manifestPath).Length);
            }

            Assert.Empty(await archive.ReadUnconfirmedBatchesAsync());
        }

        // Only the day file's length grows (a digit or two); 40 batches listed would add kilobytes.
        Assert.InRange(sizes[^1] - sizes[0], 0, 8);
        Assert.Empty(Manifest()["batches"]!.AsArray());
        Assert.Equal(40, BatchLog().Count);
        Assert.Equal(written, await ReadBackAsync());
    }

    [Fact]
    public async Task ConfirmRemoved_KeptRecordsAreListedInTheBatchLog_R_RET_2()
    {
        var (r1, r2) = (Archived(Day1, 1), Archived(Day1 + Duration.FromHours(1), 2));
        var batch = Batch(r1, r2);
        using (var archive = new FileSystemRetentionArchive(_directory.FullName))
        {
            await archive.WriteBatchAsync(batch);
            await archive.ConfirmRemovedAsync(batch.Id, [r1.Record.Id]);
        }

        var line = Assert.Single(BatchLog());
        Assert.Equal(batch.Id.ToString("N"), (string)line["id"]!);
        Assert.Equal(1, (int)line["removed"]!);
        Assert.Equal([r2.Record.Id.ToString()], line["kept"]!.AsArray().Select(id => (string)id!));
        Assert.Equal("upgrades-2025-03-01.jsonl.gz", (string)line["files"]![0]!["name"]!);
    }

    [Fact]
    public async Task ConfirmRemoved_CrashAfterTheBatchLogBeforeTheManifest_IsConfirmedOnce_R_RET_2()
    {
        var (r1, r2) = (Archived(Day1, 1), Archived(Day2, 2));
        var (first, second) = (Batch(r1), Batch(r2));
        var manifestPath = Path.Combine(_directory.FullName, FileSystemRetentionArchive.ManifestFileName);
        using (var archive = new FileSystemRetentionArchive(_directory.FullName))
        {
            await archive.WriteBatchAsync(first);
            await archive.ConfirmRemovedAsync(first.Id, [r1.Record.Id]);
            await archive.WriteBatchAsync(second);
            var manifestBefore = await File.ReadAllBytesAsync(manifestPath);
            await archive.ConfirmRemovedAsync(second.Id, [r2.Record.Id]);
            // The process died after the batch log took the second batch's line, before the manifest stopped listing it.
            await File.WriteAllBytesAsync(manifestPath, manifestBefore);
        }

        using (var archive = new FileSystemRetentionArchive(_directory.FullName))
        {
            var unconfirmed = Assert.Single(await archive.ReadUnconfirmedBatchesAsync());
            Assert.Equal(second.Id, unconfirmed.Id);
            // The line the manifest never counted is gone; the run that resumes the batch confirms it, once.
            Assert.Equal([first.Id.ToString("N")], BatchLog().Select(b => (string)b["id"]!));
            await archive.ConfirmRemovedAsync(second.Id, [r2.Record.Id]);
            Assert.Empty(await archive.ReadUnconfirmedBatchesAsync());
        }

        Assert.Equal([first.Id.ToString("N"), second.Id.ToString("N")], BatchLog().Select(b => (string)b["id"]!));
        Assert.Equal([r1.Record.Id, r2.Record.Id], await ReadBackAsync());
    }

    private List<JsonObject> BatchLog() =>
        [.. File.ReadAllLines(Path.Combine(_directory.FullName, FileSystemRetentionArchive.BatchLogFileName)).Select(l => JsonNode.Parse(l)!.AsObject())];

    private List<string> DataFiles() =>
        [.. _directory.EnumerateFiles("upgrades-*").Select(f => f.Name).Order(StringComparer.Ordinal)];

    private JsonObject Manifest() =>
        JsonNode.Parse(File.ReadAllBytes(Path.Combine(_directory.FullName, FileSystemRetentionArchive.ManifestFileName)))!.AsObject();

    private async Task<List<UpgradeRecordId>> ReadBackAsync()
    {
        var ids = new List<UpgradeRecordId>();
        await foreach (var record in RetentionArchiveReader.ReadAsync(_directory.FullName))
        {
            ids.Add(record.Record.Id);
        }

        return ids;
    }

    private static RetentionArchiveBatch Batch(params ArchivedRecord[] records) =>
        new() { Id = Guid.CreateVersion7(), CreatedAt = Day2 + Duration.FromDays(400), Records = records };

    private static ArchivedRecord Archived(Instant finishedAt, int n)
    {
        var createdAt = finishedAt - Duration.FromMinutes(n);
        var record = new UpgradeRecordSnapshot
        {
            Id = UpgradeRecordId.New(createdAt),
            TargetVersion = ProductVersion.Parse("V5.0.0"),
            InitialVersion = ProductVersion.Parse("V4.3.0"),
            Mode = UpgradeMode.ZeroDowntime,
            DataServiceStudioMode = DataServiceStudioUpgradeMode.DoNotUpgrade,
            Status = UpgradeStatus.Canceled,
            CreatedAt = createdAt,
            CreatedBy = "alice",
            Version = 2,
        }.ToRecord();
        return new ArchivedRecord
        {
            Record = record,
            FinishedAt = finishedAt,
            AuditEntries = [new AuditEntry(record.Id, createdAt, "alice", UpgradeOperation.Create, AuditOutcome.Accepted, null, UpgradeStatus.Configuring,
                ActionReasonCode.None, 1, AuditEntry.NoOptions)],
            TimelineEvents = [],
        };
    }
}
