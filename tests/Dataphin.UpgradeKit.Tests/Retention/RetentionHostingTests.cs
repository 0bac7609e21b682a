using Dataphin.UpgradeKit.Retention;
using Dataphin.UpgradeKit.Storage;
using Dataphin.UpgradeKit.Testing.HostTools;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using NodaTime;
using NodaTime.Testing;
using Xunit;

namespace Dataphin.UpgradeKit.Tests.Retention;

/// <summary>Retention as <c>AddUpgradeKit()</c> hosts it (R-RET-1, R-RET-2): off by default, bound from configuration, run by the hosted service.</summary>
public sealed class RetentionHostingTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("upgradekit-retention-");

    public void Dispose() => _directory.Delete(recursive: true);

    [Fact]
    public void AddUpgradeKit_Configuration_RetentionBindsAndAnOutOfRangeValueNamesItsKey_R_RET_1()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["UpgradeKit:Retention:Enabled"] = "true",
            ["UpgradeKit:Retention:FinishedRecordAge"] = "90.00:00:00",
            ["UpgradeKit:Retention:MinimumFinishedRecords"] = "20",
            ["UpgradeKit:Retention:ArchiveDirectory"] = "/var/lib/console/archive",
            ["UpgradeKit:Retention:ArchiveConfigurations"] = "false",
        }).Build();
        using var provider = new ServiceCollection().AddUpgradeKit(configuration.GetSection("UpgradeKit")).UseInMemory().Services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<UpgradeKitOptions>>().Value.Retention;

        Assert.True(options.Enabled);
        Assert.Equal(Duration.FromDays(90), options.FinishedRecordAge);
        Assert.Equal(20, options.MinimumFinishedRecords);
        Assert.Equal("/var/lib/console/archive", options.ArchiveDirectory);
        Assert.False(options.ArchiveConfigurations);

        var invalid = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["UpgradeKit:Retention:FinishedRecordAge"] = "01:00:00" }).Build();
        using var bad = new ServiceCollection().AddUpgradeKit(invalid.GetSection("UpgradeKit")).UseInMemory().Services.BuildServiceProvider();
        var ex = Assert.Throws<OptionsValidationException>(() => bad.GetRequiredService<IStartupValidator>().Validate());
        Assert.Contains(ex.Failures, f => f.StartsWith("UpgradeKit:Retention:FinishedRecordAge must be at least", StringComparison.Ordinal));
    }

    [Fact]
    public async Task HostedService_RetentionOff_RemovesNothing_R_RET_1()
    {
        var store = new InMemoryUpgradeStore();
        var history = await RetentionChecks.GenerateAsync(store, seed: 3);
        var services = new ServiceCollection().AddSingleton<IClock>(new FakeClock(history.Now));
        services.AddUpgradeKit(o => o.Retention.ArchiveDirectory = _directory.FullName).UseStore(_ => store);
        await using var provider = services.BuildServiceProvider();

        var run = await provider.GetRequiredService<UpgradeRetention>().RunOnceAsync();

        Assert.False(run.Ran);
        Assert.Equal(history.Before.Count, (await store.ListAsync(new UpgradeRecordQuery { PageSize = 500 })).Items.Count);
        Assert.Empty(_directory.EnumerateFiles());
    }

    [Fact]
    public async Task HostedService_RetentionOn_RunsAtStartAndArchivesBeforeRemoving_R_RET_2()
    {
        var store = new InMemoryUpgradeStore();
        var history = await RetentionChecks.GenerateAsync(store, seed: 5);
        var confirmed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var services = new ServiceCollection()
            .AddSingleton<IClock>(new FakeClock(history.Now))
            .AddSingleton<IRetentionArchive>(new SignallingArchive(new FileSystemRetentionArchive(_directory.FullName), confirmed));
        services.AddUpgradeKit(o =>
        {
            o.Retention = history.Policy;
            o.Retention.FinishedRecordAge = Duration.FromDays(1);
            o.Retention.MinimumFinishedRecords = 0;
        }).UseStore(_ => store);
        await using var provider = services.BuildServiceProvider();
        var hosted = provider.GetServices<IHostedService>().ToList();

        foreach (var service in hosted)
        {
            await service.StartAsync(CancellationToken.None);
        }

        await confirmed.Task.WaitAsync(TimeSpan.FromSeconds(30));
        foreach (var service in hosted)
        {
            await service.StopAsync(CancellationToken.None);
        }

        var removedByService = history.Before.Count - (await store.ListAsync(new UpgradeRecordQuery { PageSize = 500 })).Items.Count;
        Assert.True(removedByService > 0, "the hosted service removed nothing");
        // The host stopped the service wherever it was; a run by hand finishes what it left.
        await provider.GetRequiredService<UpgradeRetention>().RunOnceAsync();
        var left = (await store.ListAsync(new UpgradeRecordQuery { PageSize = 500 })).Items.Count;
        var archived = 0;
        await foreach (var _ in RetentionArchiveReader.ReadAsync(_directory.FullName))
        {
            archived++;
        }

        Assert.Equal(history.Before.Count - left, archived);
    }

    [Fact]
    public async Task RunOnce_ArchiveFails_NothingRemovedAndTheLastRunReportsTheFailure_R_RET_2()
    {
        var store = new InMemoryUpgradeStore();
        var history = await RetentionChecks.GenerateAsync(store, seed: 5);
        var policy = history.Policy;
        policy.FinishedRecordAge = Duration.FromDays(1);
        policy.MinimumFinishedRecords = 0;
        var retention = new UpgradeRetention(store, new FailingArchive(), new FakeClock(history.Now), new UpgradeKitOptions { Retention = policy });

        await Assert.ThrowsAsync<IOException>(() => retention.RunOnceAsync());

        Assert.True(retention.LastRun is { Failed: true, RemovedRecords: 0 });
        Assert.Equal(history.Before.Count, (await store.ListAsync(new UpgradeRecordQuery { PageSize = 500 })).Items.Count);
    }

    private sealed class SignallingArchive(IRetentionArchive inner, TaskCompletionSource confirmed) : IRetentionArchive
    {
        public Task<IReadOnlyList<RetentionArchiveFile>> WriteBatchAsync(RetentionArchiveBatch batch, CancellationToken cancellationToken = default) =>
            inner.WriteBatchAsync(batch, cancellationToken);

        public Task<IReadOnlyList<RetentionArchiveBatchInfo>> ReadUnconfirmedBatchesAsync(CancellationToken cancellationToken = default) =>
            inner.ReadUnconfirmedBatchesAsync(cancellationToken);

        public async Task ConfirmRemovedAsync(Guid batchId, IReadOnlyCollection<UpgradeRecordId> removed, CancellationToken cancellationToken = default)
        {
            await inner.ConfirmRemovedAsync(batchId, removed, cancellationToken);
            confirmed.TrySetResult();
        }

        public Task<IReadOnlyList<RetentionArchiveFile>> WriteAuditBatchAsync(RetentionAuditArchiveBatch batch, CancellationToken cancellationToken = default) =>
            inner.WriteAuditBatchAsync(batch, cancellationToken);

        public Task ConfirmAuditEntriesRemovedAsync(Guid batchId, IReadOnlyCollection<string> removed, CancellationToken cancellationToken = default) =>
            inner.ConfirmAuditEntriesRemovedAsync(batchId, removed, cancellationToken);
    }

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
