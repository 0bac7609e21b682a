using Dataphin.UpgradeKit.Commands;
using Dataphin.UpgradeKit.Export.Tests.Support;
using Dataphin.UpgradeKit.Operators;
using Dataphin.UpgradeKit.Retention;
using Dataphin.UpgradeKit.Storage;
using NodaTime;
using NodaTime.Testing;
using Xunit;

namespace Dataphin.UpgradeKit.Export.Tests.Cli;

/// <summary><c>upgradekit archive</c> run as a real process over a retention archive the SDK wrote: what an operator restores from.</summary>
public sealed class CliArchiveTests : IDisposable
{
    private static readonly OperatorIdentity Alice = new("alice", "Alice");
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Archive_WrittenByRetention_R_RET_2_ListsEveryRecordAfterCheckingTheHashes()
    {
        var (first, second) = (await FinishedAsync("V5.1.0"), await FinishedAsync("V5.2.0"));
        await ArchiveAsync(first, second);

        var run = CliProcess.Run(null, _directory.Path, "archive", Archive);

        Assert.True(run.ExitCode == 0, run.StandardError);
        var lines = run.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(lines, l => l.StartsWith(first.Record.Id.ToString(), StringComparison.Ordinal) && l.Contains("Succeeded", StringComparison.Ordinal)
            && l.Contains($"-> {first.Record.TargetVersion}", StringComparison.Ordinal) && l.Contains($"{first.AuditEntries.Count} audit entries", StringComparison.Ordinal)
            && l.Contains("configuration upgrade.yaml", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith(second.Record.Id.ToString(), StringComparison.Ordinal));
        Assert.Contains("2 record(s), 1 audit entry archived by their own period", run.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Archive_OneRecord_R_RET_2_ShowsItAndItsAuditEntriesOnly()
    {
        var (first, second) = (await FinishedAsync("V5.1.0"), await FinishedAsync("V5.2.0"));
        await ArchiveAsync(first, second);

        var run = CliProcess.Run(null, _directory.Path, "archive", Archive, "--record", second.Record.Id.ToString());

        Assert.True(run.ExitCode == 0, run.StandardError);
        Assert.DoesNotContain(first.Record.Id.ToString(), run.StandardOutput, StringComparison.Ordinal);
        Assert.Contains(second.Record.Id.ToString(), run.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("1 record(s), 0 audit entries archived", run.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Archive_DayFileChanged_R_RET_2_ExitsEightAndListsNothing()
    {
        var first = await FinishedAsync("V5.1.0");
        await ArchiveAsync(first, await FinishedAsync("V5.2.0"));
        var day = Directory.GetFiles(Archive, "upgrades-*.jsonl.gz").Single();
        var bytes = File.ReadAllBytes(day);
        bytes[^5] ^= 0x01;
        File.WriteAllBytes(day, bytes);

        var run = CliProcess.Run(null, _directory.Path, "archive", Archive);

        Assert.Equal(8, run.ExitCode);
        Assert.Contains("cannot be trusted", run.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain(first.Record.Id.ToString(), run.StandardOutput, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--record", "not-an-id\u001b[2J")]
    [InlineData("--bogus\u001b[2J")]
    [InlineData()]
    public void Archive_BadArguments_ExitsTwoWithoutEchoingControlCharacters(params string[] extra)
    {
        string[] args = extra.Length == 0 ? ["archive"] : ["archive", Archive, .. extra];

        var run = CliProcess.Run(null, _directory.Path, args);

        Assert.Equal(2, run.ExitCode);
        Assert.DoesNotContain('\u001b', run.StandardError);
    }

    private string Archive => _directory.File("archive");

    private async Task ArchiveAsync(ArchivedRecord first, ArchivedRecord second)
    {
        using var archive = new FileSystemRetentionArchive(Archive);
        var batch = Guid.NewGuid();
        await archive.WriteBatchAsync(new RetentionArchiveBatch { Id = batch, CreatedAt = first.FinishedAt, Records = [first, second] });
        await archive.ConfirmRemovedAsync(batch, [first.Record.Id, second.Record.Id]);
        await archive.WriteAuditBatchAsync(new RetentionAuditArchiveBatch
        {
            Id = Guid.NewGuid(), CreatedAt = first.FinishedAt,
            Entries = [new StoredAuditEntry { Id = "1", Entry = first.AuditEntries[0] }],
        });
    }

    private static async Task<ArchivedRecord> FinishedAsync(string target)
    {
        var clock = new FakeClock(Instant.FromUtc(2026, 3, 1, 8, 0), Duration.FromMinutes(1));
        var service = new UpgradeKitFeatures(new InMemoryUpgradeStore(), clock);
        var record = await service.Commands.CreateAsync(new NewUpgradeRequest
        {
            TargetVersion = ProductVersion.Parse(target), InitialVersion = ProductVersion.Parse("V5.0.0"),
            Mode = UpgradeMode.Maintenance, DataServiceStudioMode = DataServiceStudioUpgradeMode.UpgradeTogether,
        }, Alice);
        await service.Commands.SaveConfigurationAsync(record.Id, new ConfigurationFile("upgrade.yaml", "port: 8080\n"u8.ToArray(), clock.GetCurrentInstant()), Alice);
        await service.HostReports.StartAsync(record.Id);
        await service.HostReports.MarkStepsCompletedAsync(record.Id);
        await service.HostReports.ExitMaintenanceModeAsync(record.Id);
        var done = await service.Commands.CompleteAsync(record.Id, Alice);
        return new ArchivedRecord
        {
            Record = done, FinishedAt = done.UpgradeEndedAt!.Value, AuditEntries = await service.Queries.GetAuditTrailAsync(record.Id), TimelineEvents = [],
        };
    }
}
