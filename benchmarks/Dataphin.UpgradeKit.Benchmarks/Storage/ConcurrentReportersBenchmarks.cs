using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Dataphin.UpgradeKit.Commands;
using Dataphin.UpgradeKit.DependencyInjection;
using Dataphin.UpgradeKit.Operators;
using Dataphin.UpgradeKit.Sqlite;
using Dataphin.UpgradeKit.Timeline;
using NodaTime;
using NodaTime.Testing;
using Dataphin.UpgradeKit.Testing.HostTools;

namespace Dataphin.UpgradeKit.Benchmarks.Storage;

/// <summary>
/// R-TIME-11 as a new user meets it: 8 reporters at once, each sending 1,000 single-event reports to one running
/// upgrade, through the service, on SQLite with its default durable commits (WAL, synchronous FULL). One operation is
/// the whole run (8,000 reports, the record's stream growing from 0 to 8,000 events); each iteration is a new record in
/// the same database, and the median of the iterations is the figure (before R-TIME-11: 40–44 s).
/// </summary>
[Config(typeof(Config))]
public class ConcurrentReportersBenchmarks
{
    private const int Reporters = 8;
    private static readonly OperatorIdentity Alice = new("alice");
    private static readonly NewUpgradeRequest Request =
        new NewUpgradeRequest
        {
            TargetVersion = ProductVersion.Parse("V5.0.0"), InitialVersion = ProductVersion.Parse("V4.3.0"),
            Mode = UpgradeMode.Maintenance, DataServiceStudioMode = DataServiceStudioUpgradeMode.UpgradeTogether,
        };

    private readonly FakeClock _clock = new(Instant.FromUtc(2026, 3, 1, 8, 0), Duration.FromMilliseconds(1));
    private SqliteUpgradeStore _sqlite = null!;
    private UpgradeKitFeatures _service = null!;
    private UpgradeRecordId _record;

    /// <summary>The single-event reports each reporter sends (smoke: 20).</summary>
    public static int ReportsPerReporter => Smoke.Enabled ? 20 : 1_000;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        (_sqlite, _) = await BenchmarkDatabases.NewSqliteStoreAsync();
        _service = new UpgradeKitFeatures(_sqlite, _clock);
    }

    [IterationSetup]
    public void NewRunningRecord()
    {
        var record = _service.Commands.CreateAsync(Request, Alice).GetAwaiter().GetResult();
        _service.Commands.SaveConfigurationAsync(record.Id, new ConfigurationFile("upgrade.yaml", new byte[16], _clock.GetCurrentInstant()), Alice).GetAwaiter().GetResult();
        _record = _service.HostReports.StartAsync(record.Id).GetAwaiter().GetResult().Id;
    }

    [GlobalCleanup]
    public void Cleanup() => _sqlite.Dispose();

    /// <summary>8 reporters × 1,000 single-event reports to one record, all at once.</summary>
    [Benchmark]
    public async Task<int> EightReportersThousandReportsEach()
    {
        var start = _clock.GetCurrentInstant();
        var added = await Task.WhenAll(Enumerable.Range(0, Reporters).Select(reporter => Task.Run(async () =>
        {
            var count = 0;
            for (var i = 0; i < ReportsPerReporter; i++)
            {
                // Each reporter its own services, started then finished: every report is new and consistent.
                var subject = $"svc-{reporter}-{i / 2}";
                var e = i % 2 == 0
                    ? new TimelineEvent { Kind = TimelineEventKind.ServiceStartingStarted, Subject = subject, At = start + Duration.FromMilliseconds(i) }
                    : new TimelineEvent { Kind = TimelineEventKind.ServiceStartingFinished, Subject = subject, At = start + Duration.FromMilliseconds(i) };
                count += await _service.HostReports.ReportTimelineEventsAsync(_record, [e]);
            }

            return count;
        })));
        return added.Sum();
    }

    /// <summary>One operation per iteration, no pilot: each iteration is a whole run of 8,000 reports.</summary>
    private sealed class Config : ManualConfig
    {
        public Config()
        {
            AddJob(Smoke.Enabled
                ? Job.Dry.WithToolchain(InProcessEmitToolchain.Instance).WithId("reporters-smoke")
                : Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithStrategy(RunStrategy.Monitoring)
                    .WithLaunchCount(1).WithWarmupCount(1).WithIterationCount(5).WithInvocationCount(1).WithUnrollFactor(1).WithId("reporters"));
        }
    }
}
