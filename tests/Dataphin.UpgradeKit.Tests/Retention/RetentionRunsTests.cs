using Dataphin.UpgradeKit.Operators;
using Dataphin.UpgradeKit.Retention;
using Dataphin.UpgradeKit.Storage;
using Dataphin.UpgradeKit.Testing.HostTools;
using NodaTime;
using NodaTime.Testing;
using Xunit;

namespace Dataphin.UpgradeKit.Tests.Retention;

/// <summary>Each retention run that removed something or failed is kept with who ran it and what it removed (R-RET-2).</summary>
public sealed class RetentionRunsTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("upgradekit-retention-runs-");

    public void Dispose() => _directory.Delete(recursive: true);

    [Fact]
    public async Task RunOnce_ByAnOperator_IsKeptWithTheOperatorTheCountsAndTheFiles_AndAnIdleRunIsNot_R_RET_2()
    {
        var store = new InMemoryUpgradeStore();
        var history = await RetentionChecks.GenerateAsync(store, seed: 5);
        using var archive = new FileSystemRetentionArchive(_directory.FullName);
        var retention = new UpgradeRetention(store, archive, new FakeClock(history.Now), Options());

        var result = await retention.RunOnceAsync(new OperatorIdentity("alice", "Alice"));
        var idle = await retention.RunOnceAsync(new OperatorIdentity("alice", "Alice"));

        Assert.True(result.RemovedRecords > 0);
        Assert.Equal(0, idle.RemovedRecords);
        var run = Assert.Single(await retention.ReadRunsAsync());
        Assert.Equal(("alice", RetentionRunOutcome.Removed, result.RemovedRecords, result.Batches, history.Now),
            (run.Actor, run.Outcome, run.RemovedRecords, run.Batches, run.StartedAt));
        Assert.Equal(result.Files.Select(f => f.Name).Distinct(), run.Files);
        var (audit, events) = (0, 0);
        await foreach (var archived in RetentionArchiveReader.ReadAsync(_directory.FullName))
        {
            (audit, events) = (audit + archived.AuditEntries.Count, events + archived.TimelineEvents.Count);
        }

        Assert.Equal((audit, events), (run.AuditEntries, run.TimelineEvents));
        Assert.True(audit > 0);
    }

    [Fact]
    public async Task RunOnce_ArchiveFails_TheFailedRunIsKeptAsTheHostsWithTheErrorType_R_RET_2()
    {
        var store = new InMemoryUpgradeStore();
        var history = await RetentionChecks.GenerateAsync(store, seed: 5);
        var retention = new UpgradeRetention(store, new FailingArchive(), new FakeClock(history.Now), Options());

        await Assert.ThrowsAsync<IOException>(() => retention.RunOnceAsync());

        var run = Assert.Single(await retention.ReadRunsAsync());
        Assert.Equal((Dataphin.UpgradeKit.Auditing.AuditEntry.SystemActor, RetentionRunOutcome.Failed, 0, "IOException"), (run.Actor, run.Outcome, run.RemovedRecords, run.Error));
    }

    private static UpgradeKitOptions Options() => new()
    {
        Retention = new RetentionOptions { Enabled = true, FinishedRecordAge = Duration.FromDays(1), MinimumFinishedRecords = 0, BatchSize = 2 },
    };

    private sealed class FailingArchive : IRetentionArchive
    {
        public Task<IReadOnlyList<RetentionArchiveFile>> WriteBatchAsync(RetentionArchiveBatch batch, CancellationToken cancellationToken = default) =>
            throw new IOException("disk full");

        public Task<IReadOnlyList<RetentionArchiveBatchInfo>> ReadUnconfirmedBatchesAsync(CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<RetentionArchiveBatchInfo>>([]);

        public Task ConfirmRemovedAsync(Guid batchId, IReadOnlyCollection<UpgradeRecordId> removed, CancellationToken cancellationToken = default) =>
            Task.CompletedTask;

        public Task<IReadOnlyList<RetentionArchiveFile>> WriteAuditBatchAsync(RetentionAuditArchiveBatch batch, CancellationToken cancellationToken = default) =>
            throw new IOException("disk full");

        public Task ConfirmAuditEntriesRemovedAsync(Guid batchId, IReadOnlyCollection<string> removed, CancellationToken cancellationToken = default) =>
            Task.CompletedTask;
    }
}
