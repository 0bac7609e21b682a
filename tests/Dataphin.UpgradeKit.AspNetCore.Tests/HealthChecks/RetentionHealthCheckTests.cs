using Dataphin.UpgradeKit.AspNetCore.HealthChecks;
using Dataphin.UpgradeKit.Retention;
using Dataphin.UpgradeKit.Storage;
using Dataphin.UpgradeKit.Testing.HostTools;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using NodaTime;
using NodaTime.Testing;
using Xunit;

namespace Dataphin.UpgradeKit.AspNetCore.Tests.HealthChecks;

/// <summary>The retention health check: Degraded after a failed run, Healthy after a good one (R-RET-2).</summary>
public sealed class RetentionHealthCheckTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("upgradekit-retention-");

    public void Dispose() => _directory.Delete(recursive: true);

    [Fact]
    public async Task Check_AfterAFailedRun_Degraded_ThenHealthyAfterAGoodRun_R_RET_2()
    {
        var store = new InMemoryUpgradeStore();
        var history = await RetentionChecks.GenerateAsync(store, seed: 5);
        var policy = history.Policy;
        policy.FinishedRecordAge = Duration.FromDays(1);
        policy.MinimumFinishedRecords = 0;
        var options = new UpgradeKitOptions { Retention = policy };
        var clock = new FakeClock(history.Now);
        using var archive = new FileSystemRetentionArchive(_directory.FullName);
        var failing = new UpgradeRetention(store, new FailingArchive(), clock, options);
        var check = new RetentionHealthCheck(failing);
        Assert.Equal(HealthStatus.Healthy, (await check.CheckHealthAsync(Context(check))).Status);

        await Assert.ThrowsAsync<IOException>(() => failing.RunOnceAsync());

        Assert.Equal(HealthStatus.Degraded, (await check.CheckHealthAsync(Context(check))).Status);
        var good = new UpgradeRetention(store, archive, clock, options);
        var goodCheck = new RetentionHealthCheck(good);
        Assert.True((await good.RunOnceAsync()).Ran);
        Assert.Equal(HealthStatus.Healthy, (await goodCheck.CheckHealthAsync(Context(goodCheck))).Status);
    }

    private static HealthCheckContext Context(IHealthCheck check) =>
        new() { Registration = new HealthCheckRegistration("upgradekit-retention", check, HealthStatus.Unhealthy, null) };

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
